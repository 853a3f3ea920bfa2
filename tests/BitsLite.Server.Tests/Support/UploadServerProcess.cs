using System.Collections.Concurrent;
using System.Diagnostics;

namespace BitsLite.Server.Tests.Support;

/// <summary>
/// The real <c>bitslite-upload-server</c> (the build copies it next to the tests), started with the given arguments and
/// read line by line: standard output until it says where it listens, standard error as it comes.
/// </summary>
internal sealed class UploadServerProcess : IAsyncDisposable
{
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly BlockingCollection<string> _errors = [];

    private UploadServerProcess(Process process)
    {
        _process = process;
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                _errors.Add(line.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>The lines of standard output up to and including the first "listening on".</summary>
    public List<string> Output { get; } = [];

    public static string ExecutablePath =>
        Path.Join(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "bitslite-upload-server.exe" : "bitslite-upload-server");

    /// <summary>Runs the command to its end (for --help and usage errors): exit code, standard output and error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments)) ?? throw new InvalidOperationException("no process");
        using var timeout = new CancellationTokenSource(WaitTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts the server and waits until it listens.</summary>
    public static async Task<UploadServerProcess> StartAsync(params string[] arguments)
    {
        var server = new UploadServerProcess(Process.Start(StartInfo(arguments)) ?? throw new InvalidOperationException("no process"));
        try
        {
            using var timeout = new CancellationTokenSource(WaitTimeout);
            while (server.Output.Count == 0 || !server.Output[^1].StartsWith("listening on ", StringComparison.Ordinal))
            {
                server.Output.Add(await server._process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException("bitslite-upload-server ended before it listened: " + string.Join('\n', server._errors)));
            }

            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The next line on standard error, or null when none comes within <paramref name="wait"/>.</summary>
    public string? NextErrorLine(TimeSpan wait) => _errors.TryTake(out var line, wait) ? line : null;

    /// <summary>The URL the first "listening on" line names: <c>http://host:port/path/</c>.</summary>
    public Uri ListeningUrl => new(Output[^1]["listening on ".Length..].Split(' ')[0]);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _errors.Dispose();
    }

    private static ProcessStartInfo StartInfo(string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
