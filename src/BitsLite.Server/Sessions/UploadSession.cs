using System.Text.Json;

namespace BitsLite.Server.Sessions;

/// <summary>
/// One upload session: its directory (<c>data</c>, <c>session.json</c>, and for upload-reply <c>reply</c>) and its state.
/// Everything but <see cref="Gate"/> is read and changed only by the holder of <see cref="Gate"/>, so one packet at a time
/// changes a session however many arrive together.
/// </summary>
internal sealed class UploadSession : IDisposable
{
    private const string DataFileName = "data";
    private const string ReplyFileName = "reply";
    private const string MetadataFileName = "session.json";

    public UploadSession(string directory, SessionMetadata metadata, long received)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Directory = directory;
        Id = metadata.Id;
        RequestName = metadata.RequestName;
        ClientKey = metadata.ClientKey;
        CreatedAt = metadata.CreatedAt;
        FileName = metadata.FileName;
        TotalLength = metadata.TotalLength;
        LastActivity = metadata.LastActivity;
        ReplyContentType = metadata.ReplyContentType;
        Received = received;
    }

    public Guid Id { get; }

    /// <summary>The id as the protocol writes it: a GUID in braces.</summary>
    public string WireId => Id.ToString("B");

    public string Directory { get; }

    public string DataPath => Path.Join(Directory, DataFileName);

    public string ReplyPath => Path.Join(Directory, ReplyFileName);

    public string RequestName { get; }

    public string ClientKey { get; }

    public DateTimeOffset CreatedAt { get; }

    public string? FileName { get; set; }

    public long? TotalLength { get; set; }

    /// <summary>The number of bytes on disk, which is the next offset the server expects.</summary>
    public long Received { get; set; }

    public DateTimeOffset LastActivity { get; set; }

    public string? ReplyContentType { get; set; }

    public bool IsComplete => TotalLength is { } total && Received == total;

    /// <summary>Set once the session has been closed, cancelled or deleted: a packet that waited for the gate finds it gone.</summary>
    public bool HasEnded { get; set; }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Reads a session back from its directory, or gives <see langword="false"/> for a directory that is not a whole session.</summary>
    public static bool TryLoad(string directory, Guid id, out UploadSession? session)
    {
        session = null;
        try
        {
            var metadata = JsonSerializer.Deserialize(
                File.ReadAllBytes(Path.Join(directory, MetadataFileName)), SessionMetadataJsonContext.Default.SessionMetadata);
            if (metadata is null || metadata.Id != id)
            {
                return false;
            }

            var data = new FileInfo(Path.Join(directory, DataFileName));
            var received = data.Exists ? data.Length : 0;
            if (metadata.TotalLength is { } total && received > total)
            {
                return false;
            }

            session = new UploadSession(directory, metadata, received);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }
    }

    /// <summary>Writes <c>session.json</c> (a temporary file moved over the old one, so it is whole or old).</summary>
    public void Save()
    {
        var metadata = new SessionMetadata
        {
            Id = Id,
            RequestName = RequestName,
            FileName = FileName,
            TotalLength = TotalLength,
            ClientKey = ClientKey,
            CreatedAt = CreatedAt,
            LastActivity = LastActivity,
            ReplyContentType = ReplyContentType,
        };
        var path = Path.Join(Directory, MetadataFileName);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(metadata, SessionMetadataJsonContext.Default.SessionMetadata));
        File.Move(temporary, path, overwrite: true);
    }

    public void Dispose() => Gate.Dispose();
}
