using BitsLite.Cli.Errors;
using BitsLite.Cli.Input;
using BitsLite.Cli.Output;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Input;

public class PasswordReaderTests
{
    private readonly RecordingWriter _output = new();
    private readonly RecordingWriter _error = new();

    private PasswordReader Reader(CliInput input, Dictionary<string, string>? environment = null) =>
        new(input, new CliConsole(_output, _error), name => environment is not null && environment.TryGetValue(name, out var value) ? value : null);

    /// <summary>A terminal on which <paramref name="typed"/> is typed ('\b' is Backspace, '\n' Enter).</summary>
    private static CliInput Terminal(string typed)
    {
        var keys = new Queue<ConsoleKeyInfo>(typed.Select(c => c switch
        {
            '\n' => new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false),
            '\b' => new ConsoleKeyInfo('\b', ConsoleKey.Backspace, false, false, false),
            _ => new ConsoleKeyInfo(c, ConsoleKey.A, false, false, false),
        }));
        return new CliInput(() => throw new InvalidOperationException("a terminal's password is not read as a line"), () => true, _ => keys.Dequeue());
    }

    [Fact]
    public void TheEnvironment_ComesFirst_EachTargetItsOwnVariable()
    {
        var reader = Reader(Terminal(""), new() { ["BITSLITE_PASSWORD"] = "server-pw", ["BITSLITE_PROXY_PASSWORD"] = "" });

        Assert.Equal("server-pw", reader.Read(TransferCredentialTarget.Server, "ann", default));
        Assert.Equal("", reader.Read(TransferCredentialTarget.Proxy, "bob", default));
        Assert.Equal("", _error.ToString());
    }

    [Fact]
    public void WithoutAVariableOrTerminal_EachPasswordIsALineOfStandardInput()
    {
        var reader = Reader(CliInput.FromText("first pw\r\nsecond\n"), new() { ["BITSLITE_PROXY_PASSWORD"] = "from-env" });

        Assert.Equal("first pw", reader.Read(TransferCredentialTarget.Server, "ann", default));
        Assert.Equal("from-env", reader.Read(TransferCredentialTarget.Proxy, "bob", default));
        Assert.Equal("second", Reader(CliInput.FromText("second\n")).Read(TransferCredentialTarget.Proxy, "bob", default));
        Assert.Equal("", _error.ToString());
        Assert.Equal("", _output.ToString());
    }

    [Fact]
    public void AnEndedStandardInput_IsAUsageError_NamingTheVariable()
    {
        var error = Assert.Throws<CliException>(() => Reader(CliInput.FromText("")).Read(TransferCredentialTarget.Proxy, "bob", default));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Equal("no password for proxy user 'bob': set BITSLITE_PROXY_PASSWORD, or give it as a line on standard input (which ended)", error.Message);
    }

    [Fact]
    public void OnATerminal_ThePromptGoesToStandardError_AndNothingTypedIsEchoed()
    {
        var password = Reader(Terminal("s3cx\bret\n")).Read(TransferCredentialTarget.Server, "ann", default);

        Assert.Equal("s3cret", password);
        Assert.Equal("Password for 'ann': " + Environment.NewLine, _error.ToString());
        Assert.Equal("", _output.ToString());
    }

    [Fact]
    public void CtrlCAtThePrompt_EndsTheWait()
    {
        using var interrupted = new CancellationTokenSource();
        interrupted.Cancel();
        var input = new CliInput(() => TextReader.Null, () => true, token =>
        {
            token.ThrowIfCancellationRequested();
            return default;
        });

        Assert.Throws<OperationCanceledException>(() => Reader(input).Read(TransferCredentialTarget.Proxy, "bob", interrupted.Token));
        Assert.Equal("Password for proxy user 'bob': " + Environment.NewLine, _error.ToString());
    }
}
