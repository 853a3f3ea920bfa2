using System.Text;

namespace BitsLite.PowerShell.Tests.Support;

/// <summary>
/// Reads the subset of PowerShell data-file syntax (.psd1) that module manifests use: hashtables <c>@{ }</c>,
/// arrays <c>@( )</c>, single- and double-quoted strings, bare numbers and $true/$false, with comments and
/// newlines or semicolons between entries. Anything else is an error, so a manifest PowerShell would reject
/// (or read differently) fails here too.
/// </summary>
internal sealed class PowerShellDataFile
{
    private readonly string _text;
    private int _at;

    private PowerShellDataFile(string text) => _text = text;

    public static Dictionary<string, object> Read(string path)
    {
        var reader = new PowerShellDataFile(File.ReadAllText(path));
        reader.Skip();
        var value = reader.Value();
        reader.Skip();
        if (reader._at != reader._text.Length || value is not Dictionary<string, object> table)
        {
            throw reader.Error("a single hashtable");
        }

        return table;
    }

    private object Value()
    {
        if (Take("@{"))
        {
            var table = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            while (Skip() && !Take("}"))
            {
                var key = Peek() is '\'' or '"' ? QuotedString() : Word();
                Skip();
                Expect("=");
                Skip();
                table.Add(key, Value());
            }

            return table;
        }

        if (Take("@("))
        {
            var items = new List<object>();
            while (Skip() && !Take(")"))
            {
                items.Add(Value());
                Skip();
                Take(",");
            }

            return items;
        }

        if (Peek() is '\'' or '"')
        {
            return QuotedString();
        }

        var word = Word();
        return word switch
        {
            "$true" => true,
            "$false" => false,
            _ when long.TryParse(word, out var number) => number,
            _ => throw Error("a value"),
        };
    }

    private string QuotedString()
    {
        var quote = _text[_at++];
        var text = new StringBuilder();
        while (true)
        {
            if (_at >= _text.Length)
            {
                throw Error("the end of a string");
            }

            var c = _text[_at++];
            if (c == quote)
            {
                if (_at < _text.Length && _text[_at] == quote)
                {
                    text.Append(quote);
                    _at++;
                    continue;
                }

                return text.ToString();
            }

            if (quote == '"' && c is '$' or '`')
            {
                throw Error("a double-quoted string without expansion (use single quotes)");
            }

            text.Append(c);
        }
    }

    private string Word()
    {
        var start = _at;
        while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] is '$' or '_' or '.' or '-'))
        {
            _at++;
        }

        return _at > start ? _text[start.._at] : throw Error("a name or value");
    }

    /// <summary>Skips white space, separators and comments; always true, so it can lead a loop condition.</summary>
    private bool Skip()
    {
        while (_at < _text.Length)
        {
            if (char.IsWhiteSpace(_text[_at]) || _text[_at] == ';')
            {
                _at++;
            }
            else if (_text[_at] == '#')
            {
                while (_at < _text.Length && _text[_at] != '\n')
                {
                    _at++;
                }
            }
            else if (Take("<#"))
            {
                var end = _text.IndexOf("#>", _at, StringComparison.Ordinal);
                _at = end < 0 ? throw Error("the end of a block comment") : end + 2;
            }
            else
            {
                break;
            }
        }

        return true;
    }

    private char Peek() => _at < _text.Length ? _text[_at] : '\0';

    private bool Take(string token)
    {
        if (string.CompareOrdinal(_text, _at, token, 0, token.Length) != 0)
        {
            return false;
        }

        _at += token.Length;
        return true;
    }

    private void Expect(string token)
    {
        if (!Take(token))
        {
            throw Error($"'{token}'");
        }
    }

    private FormatException Error(string expected)
    {
        var line = _text[.._at].Count(c => c == '\n') + 1;
        return new FormatException($"Manifest line {line}: expected {expected}.");
    }
}
