
namespace BitsLite.Protocol.Transfers;

/// <summary>Which jobs to list; every criterion that is set must match.</summary>
public sealed record TransferQuery
{
    /// <summary>Only jobs of this owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Only jobs in one of these states.</summary>
    public IReadOnlyCollection<TransferState>? States { get; init; }

    /// <summary>Leave out Acknowledged and Cancelled jobs.</summary>
    public bool LiveOnly { get; init; }

    /// <summary>
    /// Leave each job's file list out (its byte and file totals stay): all a table needs, and a list of many jobs
    /// is then about half the size and twice as fast. <see cref="TransferInfo.Files"/> is empty in the answer.
    /// </summary>
    public bool WithoutFiles { get; init; }
}
