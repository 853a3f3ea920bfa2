using System.Diagnostics;

namespace BitsLite.HostBench;

/// <summary>One launch of the <c>bitslite</c> CLI in a home, timed from before the process starts until it has exited.</summary>
internal sealed record CliRun(TimeSpan Elapsed, int ExitCode, long OutputBytes, int OutputLines, string Errors)
{
    public static async Task<CliRun> RunAsync(string cliPath, string hostPath, BenchHome home, params string[] arguments)
    {
        var start = new ProcessStartInfo(cliPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["BITSLITE_HOME"] = home.DataRoot;
        start.Environment["BITSLITE_HOST_PATH"] = hostPath;
        start.Environment.Remove("BITSLITE_IDLE_TIMEOUT");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start '{cliPath}'.");
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        long bytes = 0;
        var lines = 0;
        var buffer = new char[65536];
        int read;
        while ((read = await process.StandardOutput.ReadAsync(buffer, timeout.Token)) > 0)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count('\n');
        }

        await process.WaitForExitAsync(timeout.Token);
        var elapsed = clock.Elapsed;
        return new CliRun(elapsed, process.ExitCode, bytes, lines, (await errors).Trim());
    }
}
