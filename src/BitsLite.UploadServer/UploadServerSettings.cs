namespace BitsLite.UploadServer;

/// <summary>What the command line asked for.</summary>
internal sealed record UploadServerSettings
{
    public required IReadOnlyList<string> Urls { get; init; }

    public required string Directory { get; init; }

    public string? SessionDirectory { get; init; }

    public long? MaxSize { get; init; }

    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromDays(14);

    public bool AllowOverwrite { get; init; }

    public required string Path { get; init; }
}
