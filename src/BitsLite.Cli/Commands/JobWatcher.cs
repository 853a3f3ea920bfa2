using BitsLite.Cli.Output;
using BitsLite.Client;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Commands;

/// <summary>Waits for a job to settle, optionally drawing its progress on standard error (shared by transfer and wait).</summary>
internal static class JobWatcher
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Returns the job once it is Transferred, Error, Suspended, Acknowledged or Cancelled. On cancellation
    /// (Ctrl+C) the progress line is ended and the cancellation propagates; the job itself is left alone.
    /// </summary>
    public static async Task<TransferInfo> WaitAsync(CliContext context, BitsLiteClient client, Guid id, bool showProgress, CancellationToken cancellationToken)
    {
        if (!showProgress)
        {
            return await client.WaitAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var reporter = new ProgressReporter(context.Console, context.Time);
        using var stopRefresh = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var refresh = RefreshAsync(reporter, context.Time, stopRefresh.Token);
        try
        {
            return await client.WaitAsync(id, reporter, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stopRefresh.CancelAsync().ConfigureAwait(false);
            await refresh.ConfigureAwait(false);
            reporter.Finish();
        }
    }

    private static async Task RefreshAsync(ProgressReporter reporter, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                reporter.Refresh();
            }
        }
        catch (OperationCanceledException)
        {
            // The wait is over.
        }
    }
}
