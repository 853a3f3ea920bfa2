using System.Text;
using System.Text.RegularExpressions;

namespace BitsLite.PowerShell.Selection;

/// <summary>
/// A display-name pattern with PowerShell's wildcard rules: <c>*</c>, <c>?</c>, <c>[abc]</c> and <c>[a-z]</c>,
/// case-insensitive, with a backtick escaping the next character. Kept here rather than using WildcardPattern so
/// that selection is tested without a PowerShell runtime.
/// </summary>
internal sealed class NamePattern
{
    private readonly Regex? _regex;
    private readonly string _literal;

    public NamePattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Text = pattern;
        HasWildcards = ContainsWildcards(pattern);
        _literal = Unescape(pattern);
        if (HasWildcards)
        {
            _regex = new Regex(ToRegex(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The pattern as the user typed it.</summary>
    public string Text { get; }

    /// <summary>Whether it holds an unescaped wildcard; a plain name that matches nothing is an error, a pattern is not.</summary>
    public bool HasWildcards { get; }

    public bool IsMatch(string name) =>
        _regex?.IsMatch(name) ?? string.Equals(name, _literal, StringComparison.OrdinalIgnoreCase);

    private static bool ContainsWildcards(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '`')
            {
                i++;
            }
            else if (pattern[i] is '*' or '?' or '[')
            {
                return true;
            }
        }

        return false;
    }

    private static string Unescape(string pattern)
    {
        var text = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '`' && i + 1 < pattern.Length)
            {
                i++;
            }

            text.Append(pattern[i]);
        }

        return text.ToString();
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '`' when i + 1 < pattern.Length:
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        throw new ArgumentException($"The pattern '{pattern}' has a '[' without a closing ']'; escape it as '`['.", nameof(pattern));
                    }

                    regex.Append('[').Append(ClassBody(pattern[(i + 1)..end])).Append(']');
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return regex.Append('$').ToString();
    }

    // Inside brackets only ranges ("a-z") mean something; everything else is literal.
    private static string ClassBody(string body)
    {
        if (body.Length == 0)
        {
            throw new ArgumentException("An empty '[]' matches nothing; escape brackets as '`[' and '`]'.");
        }

        var text = new StringBuilder();
        foreach (var c in body)
        {
            text.Append(c == '-' ? "-" : Regex.Escape(c.ToString()).Replace("]", "\\]", StringComparison.Ordinal));
        }

        return text.ToString();
    }
}
