using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Jobs;

/// <summary>The legal moves between job states, in one table, and the errors for illegal ones.</summary>
internal static class TransferStateMachine
{
    private static readonly Dictionary<TransferState, TransferState[]> Moves = new()
    {
        // Queued also leads to Queued-like retries: a transient error goes back to Queued before the next attempt.
        [TransferState.Queued] = [TransferState.Connecting, TransferState.Suspended, TransferState.Cancelled, TransferState.Error, TransferState.TransientError],
        [TransferState.Connecting] = [TransferState.Transferring, TransferState.Queued, TransferState.TransientError, TransferState.Error, TransferState.Transferred, TransferState.Suspended, TransferState.Cancelled],
        [TransferState.Transferring] = [TransferState.Transferred, TransferState.Queued, TransferState.Connecting, TransferState.TransientError, TransferState.Error, TransferState.Suspended, TransferState.Cancelled],
        [TransferState.TransientError] = [TransferState.Queued, TransferState.Error, TransferState.Suspended, TransferState.Cancelled],
        [TransferState.Suspended] = [TransferState.Queued, TransferState.Acknowledged, TransferState.Cancelled],
        [TransferState.Error] = [TransferState.Queued, TransferState.Suspended, TransferState.Acknowledged, TransferState.Cancelled],
        // More files may be added to a Transferred job, which then queues again.
        [TransferState.Transferred] = [TransferState.Acknowledged, TransferState.Cancelled, TransferState.Queued],
        [TransferState.Acknowledged] = [],
        [TransferState.Cancelled] = [],
    };

    /// <summary>Whether a job may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(TransferState from, TransferState to) => Moves[from].Contains(to);

    /// <summary>Acknowledged and Cancelled jobs never change again.</summary>
    public static bool IsFinal(TransferState state) => state is TransferState.Acknowledged or TransferState.Cancelled;

    /// <summary>States in which a runner owns the job.</summary>
    public static bool IsActive(TransferState state) =>
        state is TransferState.Queued or TransferState.Connecting or TransferState.Transferring or TransferState.TransientError;

    /// <summary>Throws <see cref="TransferErrorCode.InvalidState"/> unless the job may move to <paramref name="to"/>.</summary>
    public static void EnsureCanMove(TransferJob job, TransferState to, string operation)
    {
        if (!CanMove(job.State, to))
        {
            throw InvalidState(job, operation);
        }
    }

    /// <summary>The error for an operation that the job's state does not allow, with a hint on what to do instead.</summary>
    public static TransferException InvalidState(TransferJob job, string operation)
    {
        var hint = (operation, job.State) switch
        {
            (_, TransferState.Acknowledged or TransferState.Cancelled) => "Acknowledged and Cancelled transfers are final; create a new transfer instead.",
            ("complete", _) => "Only a Transferred job can be completed (or a Suspended or Error one, keeping its finished files); wait for it, or suspend it first.",
            ("suspend", TransferState.Transferred) => "Its files are all transferred; complete it to make them appear, or cancel it.",
            _ => $"{operation} is not possible in this state.",
        };
        return new TransferException(
            TransferErrorCode.InvalidState,
            $"Cannot {operation} transfer '{job.Options.DisplayName}' ({job.Id}): it is {job.State}. {hint}");
    }
}
