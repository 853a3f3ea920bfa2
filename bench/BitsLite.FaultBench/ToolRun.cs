using System.Diagnostics;

namespace BitsLite.FaultBench;

/// <summary>One timed run of a tool, from before its process starts until it has exited (or was killed at the time limit).</summary>
internal sealed record ToolRun(TimeSpan Elapsed, int? ExitCode, string Errors)
{
    public static async Task<ToolRun> RunAsync(ProcessStartInfo start, TimeSpan timeLimit)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start '{start.FileName}'.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await output;
            return new ToolRun(clock.Elapsed, null, Tail(await errors));
        }

        var elapsed = clock.Elapsed;
        await output;
        return new ToolRun(elapsed, process.ExitCode, Tail(await errors));
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "" : lines[^1];
    }
}
