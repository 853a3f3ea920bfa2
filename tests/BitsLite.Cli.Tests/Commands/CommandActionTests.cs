using BitsLite.Cli.Commands;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Client;
using BitsLite.Protocol.Errors;

namespace BitsLite.Cli.Tests.Commands;

/// <summary>How every way a verb can end becomes an exit code and at most one line on standard error.</summary>
public class CommandActionTests
{
    private sealed class ClosedWriter : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => throw new IOException("Broken pipe");

        public override void Write(string? value) => throw new IOException("Broken pipe");
    }

    private static (CliContext Context, StringWriter Error) Context(TextWriter? output = null)
    {
        var error = new StringWriter();
        return (new CliContext
        {
            Console = new CliConsole(output ?? new StringWriter(), error),
            ClientOptions = new BitsLiteClientOptions(),
            CurrentDirectory = Path.GetTempPath(),
        }, error);
    }

    [Fact]
    public async Task AClosedStandardOutput_EndsQuietly_WithSuccess()
    {
        using var closed = new ClosedWriter();
        var (context, error) = Context(closed);
        var exitCode = await CommandAction.RunAsync(context, () =>
        {
            context.Console.WriteLine("ID  NAME");
            return Task.FromResult(0);
        }, CancellationToken.None);
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task AClosedStandardError_IsIgnored()
    {
        using var closed = new ClosedWriter();
        var context = new CliContext { Console = new CliConsole(new StringWriter(), closed), ClientOptions = new(), CurrentDirectory = "/" };
        var exitCode = await CommandAction.RunAsync(context, () => throw CliException.Usage("bad"), CancellationToken.None);
        Assert.Equal(ExitCodes.Usage, exitCode);
    }

    [Fact]
    public async Task TheHostsRefusals_MapToTheirExitCode_InOneLine()
    {
        var (context, error) = Context();
        var exitCode = await CommandAction.RunAsync(context, () => throw new TransferException(TransferErrorCode.LimitReached, "Too many jobs:\nat most 60."), CancellationToken.None);
        Assert.Equal(ExitCodes.HostError, exitCode);
        Assert.Equal("bitslite: Too many jobs: at most 60." + Environment.NewLine, error.ToString());
    }

    [Fact]
    public async Task UnexpectedExceptions_AreOneLine_AndExitCode70()
    {
        var (context, error) = Context();
        var exitCode = await CommandAction.RunAsync(context, () => throw new InvalidOperationException("boom"), CancellationToken.None);
        Assert.Equal(ExitCodes.InternalError, exitCode);
        Assert.Equal("bitslite: unexpected error (InvalidOperationException): boom." + Environment.NewLine, error.ToString());
    }

    [Fact]
    public async Task CancellationByCtrlC_IsExitCode130()
    {
        var (context, error) = Context();
        using var interrupt = new CancellationTokenSource();
        await interrupt.CancelAsync();
        var exitCode = await CommandAction.RunAsync(context, () => Task.FromCanceled<int>(interrupt.Token), interrupt.Token);
        Assert.Equal(ExitCodes.Interrupted, exitCode);
        Assert.Contains("Interrupted", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACancellationThatIsNotCtrlC_IsNotMistakenForIt()
    {
        var (context, _) = Context();
        var exitCode = await CommandAction.RunAsync(context, () => throw new OperationCanceledException(), CancellationToken.None);
        Assert.Equal(ExitCodes.InternalError, exitCode);
    }
}
