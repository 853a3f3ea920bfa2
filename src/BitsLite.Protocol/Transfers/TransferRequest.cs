using BitsLite.Protocol.Options;

namespace BitsLite.Protocol.Transfers;

/// <summary>What a new job should be: its files and direction, and its settings over the host's defaults.</summary>
/// <remarks>
/// Properties with a default are settable rather than init-only: the JSON source generator sets every init-only
/// property, so a message that left one out would get null or 0 instead of the default. Null lists read as empty.
/// </remarks>
public sealed record TransferRequest
{
    /// <summary>The owning account; defaults to the current user.</summary>
    public string? Owner { get; init; }

    /// <summary>
    /// Download (default), Upload or UploadReply. An upload job has exactly one file, whose Source is a local file
    /// and whose Destination is the http(s) URL it goes to.
    /// </summary>
    public TransferType TransferType { get; set; } = TransferType.Download;

    /// <summary>The files, in transfer order. May be empty for a job created suspended.</summary>
    public IReadOnlyList<TransferFileSpec> Files { get; set => field = value ?? []; } = [];

    /// <summary>Create the job Suspended (it runs after Resume) instead of Queued.</summary>
    public bool Suspended { get; init; }

    /// <summary>
    /// Where the server's reply is written (an absolute local path in an existing directory) when an UploadReply job is
    /// completed; required for UploadReply jobs and refused for the others.
    /// </summary>
    public string? ReplyFile { get; init; }

    /// <summary>The job's settings; what it leaves out takes the host's defaults (<see cref="TransferOptions"/>).</summary>
    public TransferOptionsPatch Options { get; set => field = value ?? new(); } = new();
}
