namespace BitsLite.Protocol.Transfers;

/// <summary>
/// A program the host runs, as the job's owner and without a shell, when the job reaches one of <see cref="On"/>.
/// Nothing in the arguments is expanded; the job's id is passed in the BITSLITE_JOB_ID environment variable.
/// </summary>
public sealed record TransferNotification
{
    /// <summary>An absolute path to the program to run.</summary>
    public required string Program { get; init; }

    /// <summary>The program's arguments, passed as they are.</summary>
    public IReadOnlyList<string> Arguments { get; set => field = value ?? []; } = [];

    /// <summary>Default Transferred and Error.</summary>
    public TransferNotifyEvents On { get; set; } = TransferNotifyEvents.Transferred | TransferNotifyEvents.Error;
}
