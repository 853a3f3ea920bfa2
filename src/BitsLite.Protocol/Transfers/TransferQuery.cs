
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
}
