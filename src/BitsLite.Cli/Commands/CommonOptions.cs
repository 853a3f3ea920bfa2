using System.CommandLine;
using System.CommandLine.Parsing;

namespace BitsLite.Cli.Commands;

/// <summary>Options and arguments several verbs share (a fresh instance per verb, as each command owns its symbols).</summary>
internal static class CommonOptions
{
    public static Option<bool> Json(string what) => new("--json")
    {
        Description = $"Print {what} as JSON on standard output (camelCase, enums as names) instead of text.",
    };

    /// <summary>"SOURCE... DEST": at least <paramref name="minimum"/> operands; none may look like an option.</summary>
    public static Argument<string[]> Paths(int minimum, string description)
    {
        var argument = new Argument<string[]>("SOURCE... DEST")
        {
            Description = description,
            Arity = new ArgumentArity(0, 100_000),
        };
        argument.Validators.Add(result =>
        {
            RefuseOptionLikeTokens(result);
            if (result.Tokens.Count > 0 && result.Tokens.Count < minimum)
            {
                result.AddError("Give at least one SOURCE and then the DEST (a file path, or an existing directory).");
            }
        });
        return argument;
    }

    /// <summary>One or more job ids or names (or none, when <paramref name="optional"/>).</summary>
    public static Argument<string[]> Ids(bool optional = false)
    {
        var argument = new Argument<string[]>("ID")
        {
            Description = "Jobs: full ids, unique id prefixes (4+ characters), or exact names.",
            Arity = optional ? ArgumentArity.ZeroOrMore : ArgumentArity.OneOrMore,
        };
        argument.Validators.Add(RefuseOptionLikeTokens);
        return argument;
    }

    /// <summary>One job id or name.</summary>
    public static Argument<string> Id()
    {
        var argument = new Argument<string>("ID")
        {
            Description = "The job: its full id, a unique id prefix (4+ characters), or its exact name.",
        };
        argument.Validators.Add(RefuseOptionLikeTokens);
        return argument;
    }

    /// <summary>An unknown option lands among the operands; say what it is instead of treating it as a path.</summary>
    private static void RefuseOptionLikeTokens(ArgumentResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (token.Value.StartsWith('-') && token.Value.Length > 1)
            {
                result.AddError($"Unknown option '{token.Value}' (a file whose name starts with '-' can be given as ./{token.Value}).");
                return;
            }
        }
    }
}
