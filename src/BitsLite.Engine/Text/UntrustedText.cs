using System.Text;
using System.Text.RegularExpressions;

namespace BitsLite.Engine.Text;

/// <summary>
/// Makes text that came from the network (reason phrases, a server's error text, URLs of Location headers) safe to show
/// on a terminal and to write to a log: a server must not be able to move the cursor, clear the screen, retitle the
/// window or forge log lines. The engine cleans such text where it enters a job; the host's log cleans every line again.
/// </summary>
public static partial class UntrustedText
{
    private const char Escape = '\u001b';
    private const char Bell = '\u0007';
    private const char StringTerminator = '\u009c';

    /// <summary><see cref="WithoutControls"/> and then <see cref="WithoutUserInfo"/>.</summary>
    public static string Clean(string text) => WithoutUserInfo(WithoutControls(text));

    /// <summary>
    /// Removes every C0 control character (tab and line breaks too), DEL and every C1 control character, and with an ESC
    /// (or a C1 introducer) the whole sequence it starts: CSI (<c>ESC [ … final</c>), the strings OSC, DCS, SOS, PM and
    /// APC up to their BEL or ST, and two-character escapes.
    /// </summary>
    public static string WithoutControls(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.AsSpan().IndexOfAnyInRange('\u0000', '\u001f');
        var other = text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        if (first < 0 && other < 0)
        {
            return text;
        }

        var start = first < 0 ? other : other < 0 ? first : Math.Min(first, other);
        var clean = new StringBuilder(text.Length).Append(text, 0, start);
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == Escape && i + 1 < text.Length)
            {
                i = SkipSequence(text, i + 1, text[i + 1]);
            }
            else if (c is '\u009b' or '\u0090' or '\u0098' or '\u009d' or '\u009e' or '\u009f')
            {
                // A C1 introducer is the same sequence as ESC and its 7-bit form (0x9B is ESC [).
                i = SkipSequence(text, i, (char)(c - 0x40));
            }
            else if (!char.IsControl(c))
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }

    /// <summary>Replaces the user information of every URL in <paramref name="text"/> (<c>user:password@</c>) with <c>***@</c>.</summary>
    public static string WithoutUserInfo(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains('@', StringComparison.Ordinal) ? UserInfo().Replace(text, "$1***@") : text;
    }

    /// <summary>Skips the sequence whose introducer (the character after ESC, or a C1 control's 7-bit form) is at <paramref name="at"/>.</summary>
    /// <returns>The index of the sequence's last character.</returns>
    private static int SkipSequence(string text, int at, char introducer)
    {
        var i = at + 1;
        switch (introducer)
        {
            case '[':
                // Parameter and intermediate bytes, then one final byte.
                while (i < text.Length && text[i] is >= '\u0020' and <= '\u003f')
                {
                    i++;
                }

                return i < text.Length && text[i] is >= '\u0040' and <= '\u007e' ? i : i - 1;
            case ']' or 'P' or 'X' or '^' or '_':
                // A string, up to BEL or ST (ESC \ or 0x9C); unterminated, it runs to the end.
                for (; i < text.Length; i++)
                {
                    if (text[i] is Bell or StringTerminator)
                    {
                        return i;
                    }

                    if (text[i] == Escape && i + 1 < text.Length && text[i + 1] == '\\')
                    {
                        return i + 1;
                    }
                }

                return text.Length - 1;
            default:
                // Intermediate bytes, then the final one (ESC c, ESC ( B, …).
                i = at;
                while (i < text.Length && text[i] is >= '\u0020' and <= '\u002f')
                {
                    i++;
                }

                return i < text.Length && text[i] is >= '\u0030' and <= '\u007e' ? i : i - 1;
        }
    }

    // A scheme, "://", then everything up to the authority's last '@' (a password may hold an unescaped '@').
    [GeneratedRegex(@"([A-Za-z][A-Za-z0-9+.\-]*://)[^\s/?#]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
