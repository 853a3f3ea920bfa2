namespace BitsLite.Protocol.Transfers;

/// <summary>The last error a job met.</summary>
public sealed record TransferError
{
    /// <summary>Where the error came from.</summary>
    public required TransferErrorContext Context { get; init; }

    /// <summary>A human description, one sentence, naming the file or URL involved.</summary>
    public required string Description { get; init; }

    /// <summary>The HTTP status code when the server answered with an error, otherwise <see langword="null"/>.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The source of the file being transferred when the error happened, if any.</summary>
    public string? Source { get; init; }

    /// <summary>Whether the job will retry by itself (<see cref="TransferState.TransientError"/>).</summary>
    public bool IsTransient { get; init; }

    /// <summary>When the error happened.</summary>
    public DateTimeOffset Time { get; init; }
}
