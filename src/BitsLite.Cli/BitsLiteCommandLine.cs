using System.CommandLine;
using System.CommandLine.Invocation;
using BitsLite.Cli.Commands;
using BitsLite.Cli.Errors;

namespace BitsLite.Cli;

/// <summary>
/// The <c>bitslite</c> command line: every verb, and one entry point that parses, reports parse errors as
/// exit code 2 (one "bitslite: …" line each, no colour) and runs the verb.
/// </summary>
internal static class BitsLiteCommandLine
{
    public static RootCommand CreateRoot(CliContext context)
    {
        var root = new RootCommand(
            "bitslite: background file transfers in the spirit of Windows BITS. Jobs run in a per-user host process, "
            + "resume after network failures and reboots, and respect bandwidth limits; files appear at their destination "
            + "only when a job is completed." + Environment.NewLine + Environment.NewLine
            + "Data goes to standard output, progress and messages to standard error; --json gives machine-readable output. "
            + "Jobs are named by full id, a unique id prefix (4+ characters), or exact name."
            + Environment.NewLine + Environment.NewLine + ExitCodes.HelpText);
        root.Add(TransferCommand.Create(context));
        root.Add(CreateCommand.Create(context));
        root.Add(AddCommand.Create(context));
        root.Add(ListCommand.Create(context));
        root.Add(InfoCommand.Create(context));
        foreach (var command in StateChangeCommands.Create(context))
        {
            root.Add(command);
        }

        root.Add(SetCommand.Create(context));
        root.Add(WaitCommand.Create(context));
        root.Add(WatchCommand.Create(context));
        root.Add(PolicyCommand.Create(context));
        root.Add(HostCommands.Create(context));
        return root;
    }

    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var root = CreateRoot(context);
        var configuration = new InvocationConfiguration
        {
            Output = context.Console.Output,
            Error = context.Console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = context.HandleTerminationSignals ? TimeSpan.FromSeconds(3) : null,
        };

        try
        {
            var parseResult = root.Parse(args);
            if (parseResult.Action is ParseErrorAction)
            {
                return ReportParseErrors(context, parseResult, args);
            }

            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OutputClosedException)
        {
            return ExitCodes.Success;
        }
        catch (IOException)
        {
            // Help text written to a pipe that closed (bitslite --help | head).
            return ExitCodes.Success;
        }
    }

    private static int ReportParseErrors(CliContext context, ParseResult parseResult, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            // Bare "bitslite": the overview is more use than "Required command was not provided".
            parseResult.RootCommandResult.Command.Parse("--help").Invoke(new InvocationConfiguration { Output = context.Console.Error });
            return ExitCodes.Usage;
        }

        // With an unknown word after a verb group ("bitslite lst"), "Required command was not provided" only repeats
        // what "Unrecognized command or argument 'lst'" says better.
        var command = parseResult.CommandResult.Command;
        var unknownSubcommand = parseResult.UnmatchedTokens.Count > 0 && command.Action is null && command.Subcommands.Count > 0;
        var errors = parseResult.Errors
            .Where(e => !unknownSubcommand || parseResult.UnmatchedTokens.Any(t => e.Message.Contains(t, StringComparison.Ordinal)))
            .ToList();
        foreach (var error in errors.Count > 0 ? errors : parseResult.Errors.ToList())
        {
            context.Console.Fail(error.Message);
        }

        var path = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            path.Insert(0, result.Command.Name);
        }

        path[0] = "bitslite";
        context.Console.Message($"See '{string.Join(' ', path)} --help'.");
        return ExitCodes.Usage;
    }
}
