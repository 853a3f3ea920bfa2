using BitsLite.Client.Watching;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Output;

/// <summary>
/// One line of <c>bitslite watch --json</c> (docs/cli.md, "watch"): a small, stable record of one event, not the whole
/// job. Every line has the members up to <see cref="FilesTotal"/>; the others appear only when they apply. Members are
/// only ever added.
/// </summary>
internal sealed record WatchLine
{
    public required DateTimeOffset Time { get; init; }

    public required TransferWatchEventKind Kind { get; init; }

    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public required TransferState State { get; init; }

    public TransferState? PreviousState { get; init; }

    public string? QueueReason { get; init; }

    public required long BytesTransferred { get; init; }

    public required long BytesTotal { get; init; }

    public double? PercentComplete { get; init; }

    public required int FilesTransferred { get; init; }

    public required int FilesTotal { get; init; }

    public TransferError? Error { get; init; }

    /// <summary>Present (true) only on state changes found by reading the job again after events were lost.</summary>
    public bool? Resync { get; init; }

    public static WatchLine From(TransferWatchEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var job = e.Transfer;
        return new WatchLine
        {
            Time = e.Time,
            Kind = e.Kind,
            Id = job.Id,
            Name = job.Options.DisplayName,
            State = job.State,
            PreviousState = e.PreviousState,
            QueueReason = job.State == TransferState.Queued ? job.QueueReason : null,
            BytesTransferred = job.BytesTransferred,
            BytesTotal = job.BytesTotal,
            PercentComplete = job.PercentComplete,
            FilesTransferred = job.FilesTransferred,
            FilesTotal = job.FilesTotal,
            Error = job.State is TransferState.Error or TransferState.TransientError ? job.Error : null,
            Resync = e.Resync ? true : null,
        };
    }
}
