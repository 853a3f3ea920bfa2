using System.Diagnostics;
using System.Globalization;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Notifications;

/// <summary>
/// Starts a job's notification program (BITS' SetNotifyCmdLine) and forgets it: no shell, nothing expanded, the
/// engine's own user, the engine's environment as <see cref="HostEnvironmentVariables.ScrubForChild"/> leaves it (an
/// allow-list, proxy passwords taken out: no secret), the job's id, state and name in BITSLITE_JOB_ID,
/// BITSLITE_JOB_STATE and BITSLITE_JOB_NAME, the first destination's directory as working directory (the data root when that is gone), and no terminal: standard
/// input is closed and the output is read and discarded, so the program can neither wait on input nor block on a full
/// pipe. The job never waits for it; its exit is awaited in the background only to reap it. A program that cannot
/// start, or fails, is reported through <see cref="TransferEngineOptions.Log"/> and changes nothing in the job.
/// </summary>
internal sealed class NotificationLauncher
{
    public const string JobIdVariable = "BITSLITE_JOB_ID";
    public const string JobStateVariable = "BITSLITE_JOB_STATE";
    public const string JobNameVariable = "BITSLITE_JOB_NAME";

    // After the program exits, how long output still held open by a child of its own is drained before we let go.
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(1);

    private readonly string _fallbackDirectory;
    private readonly Action<EngineLogLevel, string>? _log;

    public NotificationLauncher(string fallbackDirectory, Action<EngineLogLevel, string>? log)
    {
        _fallbackDirectory = fallbackDirectory;
        _log = log;
    }

    /// <summary>Whether <paramref name="notification"/> asks to run when a job arrives in <paramref name="state"/>.</summary>
    public static bool RunsOn(TransferNotification notification, TransferState state) => state switch
    {
        TransferState.Transferred => notification.On.HasFlag(TransferNotifyEvents.Transferred),
        TransferState.Error => notification.On.HasFlag(TransferNotifyEvents.Error),
        _ => false,
    };

    /// <summary>Starts the program on the thread pool and returns at once.</summary>
    public void Launch(TransferNotification notification, TransferInfo transfer) =>
        _ = Task.Run(() => RunAsync(notification, transfer), CancellationToken.None);

    /// <summary>The process to start; separate so that tests can see exactly what runs.</summary>
    public ProcessStartInfo StartInfo(TransferNotification notification, TransferInfo transfer)
    {
        var start = new ProcessStartInfo(notification.Program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = WorkingDirectory(transfer),
        };
        foreach (var argument in notification.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The host's own environment, minus what a program needs no secret from (a client-started host has little else).
        HostEnvironmentVariables.ScrubForChild(start.Environment);
        start.Environment[JobIdVariable] = transfer.Id.ToString("D", CultureInfo.InvariantCulture);
        start.Environment[JobStateVariable] = transfer.State.ToString();
        start.Environment[JobNameVariable] = transfer.Options.DisplayName;
        return start;
    }

    private string WorkingDirectory(TransferInfo transfer)
    {
        var first = transfer.Files.Count > 0 ? Path.GetDirectoryName(transfer.Files[0].Destination) : null;
        return !string.IsNullOrEmpty(first) && Directory.Exists(first) ? first : _fallbackDirectory;
    }

    private async Task RunAsync(TransferNotification notification, TransferInfo transfer)
    {
        var about = $"Transfer {transfer.Id} '{transfer.Options.DisplayName}' is {transfer.State}: notification program '{notification.Program}'";
        Process? process;
        try
        {
            process = Process.Start(StartInfo(notification, transfer));
        }
#pragma warning disable CA1031 // Whatever stops the program from starting is reported; it must not reach the job or the engine.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Report(EngineLogLevel.Warning, $"{about} could not start: {ex.Message}");
            return;
        }

        if (process is null)
        {
            Report(EngineLogLevel.Warning, $"{about} could not start.");
            return;
        }

        using (process)
        {
            Report(EngineLogLevel.Info, $"{about} started (pid {process.Id}).");
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It exited before reading anything.
            }

            var drained = Task.WhenAll(DrainAsync(process.StandardOutput.BaseStream), DrainAsync(process.StandardError.BaseStream));
            await process.WaitForExitAsync().ConfigureAwait(false);
            await Task.WhenAny(drained, Task.Delay(DrainGrace)).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                Report(EngineLogLevel.Warning, $"{about} exited with code {process.ExitCode}.");
            }
        }
    }

    private static async Task DrainAsync(Stream output)
    {
        try
        {
            await output.CopyToAsync(Stream.Null).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process object was disposed while a grandchild still held the pipe: nothing more to read.
        }
    }

    private void Report(EngineLogLevel level, string message)
    {
        try
        {
            _log?.Invoke(level, message);
        }
#pragma warning disable CA1031 // A broken log callback must not end the reaping of the process.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
