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
    public async Task A_closed_standard_output_ends_quietly_with_success()
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
    public async Task A_closed_standard_error_is_ignored()
    {
        using var closed = new ClosedWriter();
        var context = new CliContext { Console = new CliConsole(new StringWriter(), closed), ClientOptions = new(), CurrentDirectory = "/" };
        var exitCode = await CommandAction.RunAsync(context, () => throw CliException.Usage("bad"), CancellationToken.None);
        Assert.Equal(ExitCodes.Usage, exitCode);
    }

    [Fact]
    public async Task The_hosts_refusals_map_to_their_exit_code_in_one_line()
    {
        var (context, error) = Context();
        var exitCode = await CommandAction.RunAsync(context, () => throw new TransferException(TransferErrorCode.LimitReached, "Too many jobs:\nat most 60."), CancellationToken.None);
        Assert.Equal(ExitCodes.HostError, exitCode);
        Assert.Equal("bitslite: Too many jobs: at most 60." + Environment.NewLine, error.ToString());
    }

    [Fact]
    public async Task Unexpected_exceptions_are_one_line_and_exit_code_70()
    {
        var (context, error) = Context();
        var exitCode = await CommandAction.RunAsync(context, () => throw new InvalidOperationException("boom"), CancellationToken.None);
        Assert.Equal(ExitCodes.InternalError, exitCode);
        Assert.Equal("bitslite: unexpected error (InvalidOperationException): boom." + Environment.NewLine, error.ToString());
    }

    [Fact]
    public async Task Cancellation_by_ctrl_c_is_exit_code_130()
    {
        var (context, error) = Context();
        using var interrupt = new CancellationTokenSource();
        await interrupt.CancelAsync();
        var exitCode = await CommandAction.RunAsync(context, () => Task.FromCanceled<int>(interrupt.Token), interrupt.Token);
        Assert.Equal(ExitCodes.Interrupted, exitCode);
        Assert.Contains("Interrupted", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancellation_that_is_not_ctrl_c_is_not_mistaken_for_it()
    {
        var (context, _) = Context();
        var exitCode = await CommandAction.RunAsync(context, () => throw new OperationCanceledException(), CancellationToken.None);
        Assert.Equal(ExitCodes.InternalError, exitCode);
    }
}
