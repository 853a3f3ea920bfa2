using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace BitsLite.Host.Tests.Support;

/// <summary>
/// The real <c>bitslite</c> running (as <see cref="CliProcess"/> starts it), whose standard output a test reads line
/// by line while it runs: each line arrives when bitslite flushes it, so a test sees what a pipe reader would.
/// Disposing kills a process the test left running.
/// </summary>
public sealed class StreamingCliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _errors = new();
    private readonly Task _reading;
    private readonly Task _readingErrors;

    private StreamingCliProcess(Process process)
    {
        _process = process;
        _reading = Task.Run(ReadOutputAsync);
        _readingErrors = Task.Run(ReadErrorsAsync);
    }

    /// <summary>Starts bitslite with <paramref name="arguments"/> against the test's home and host.</summary>
    public static StreamingCliProcess Start(HostTestEnvironment env, params string[] arguments)
    {
        var process = Process.Start(CliProcess.StartInfo(env, arguments))!;
        process.StandardInput.Close();
        return new StreamingCliProcess(process);
    }

    public int ProcessId => _process.Id;

    /// <summary>The next line of standard output, or <see langword="null"/> once it is closed; fails the test after <see cref="HostTestEnvironment.WaitTimeout"/>.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(HostTestEnvironment.WaitTimeout);
        try
        {
            return await _lines.Reader.WaitToReadAsync(timeout.Token) && _lines.Reader.TryRead(out var line) ? line : null;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"bitslite printed no line within {HostTestEnvironment.WaitTimeout.TotalSeconds:0} s. Its errors: {Errors}");
            throw;
        }
    }

    /// <summary>Sends SIGTERM, as a service manager or <c>kill</c> does.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for bitslite to exit and returns its exit code (its output must have been read, or is dropped).</summary>
    public async Task<int> WaitForExitAsync()
    {
        await HostTestEnvironment.WaitForExitAsync(_process);
        await _reading;
        await _readingErrors;
        return _process.ExitCode;
    }

    /// <summary>What bitslite wrote to standard error so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        await _reading;
        await _readingErrors;
        _process.Dispose();
    }

    private async Task ReadOutputAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            _lines.Writer.TryWrite(line);
        }

        _lines.Writer.TryComplete();
    }

    private async Task ReadErrorsAsync()
    {
        var buffer = new char[4096];
        int read;
        while ((read = await _process.StandardError.ReadAsync(buffer)) > 0)
        {
            lock (_errors)
            {
                _errors.Append(buffer, 0, read);
            }
        }
    }
}
