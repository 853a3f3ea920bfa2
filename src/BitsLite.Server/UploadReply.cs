using System.Text;

namespace BitsLite.Server;

/// <summary>The reply of an upload-reply endpoint to one upload, which the client downloads from BITS-Reply-URL.</summary>
public sealed class UploadReply
{
    /// <summary>Creates a reply of the given bytes.</summary>
    /// <param name="content">The reply's body.</param>
    /// <param name="contentType">Its media type. Default: application/octet-stream.</param>
    public UploadReply(ReadOnlyMemory<byte> content, string contentType = "application/octet-stream")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        Content = content;
        ContentType = contentType;
    }

    /// <summary>The reply's body.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>The reply's media type.</summary>
    public string ContentType { get; }

    /// <summary>Creates a text reply, encoded as UTF-8.</summary>
    /// <param name="text">The text.</param>
    /// <param name="contentType">Its media type. Default: text/plain; charset=utf-8.</param>
    /// <returns>The reply.</returns>
    public static UploadReply FromText(string text, string contentType = "text/plain; charset=utf-8")
    {
        ArgumentNullException.ThrowIfNull(text);
        return new UploadReply(Encoding.UTF8.GetBytes(text), contentType);
    }
}
