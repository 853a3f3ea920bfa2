using BitsLite.Protocol.Errors;

namespace BitsLite.Engine.Transport;

/// <summary>Turns what users write as a source into a URI: http(s) URLs, file:// URLs and absolute local paths.</summary>
internal static class SourceAddress
{
    /// <summary>Parses <paramref name="source"/> or throws <see cref="TransferErrorCode.InvalidSource"/> with what is accepted.</summary>
    public static Uri Parse(string source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new TransferException(TransferErrorCode.InvalidSource, "A source is empty; use an http(s) URL, a file:// URL or an absolute local path.");
        }

        if (Path.IsPathFullyQualified(source))
        {
            return new Uri(Path.GetFullPath(source));
        }

        if (Uri.TryCreate(source, UriKind.Absolute, out var uri))
        {
            if ((uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0)
            {
                return uri;
            }

            if (uri.IsFile)
            {
                return uri;
            }
        }

        throw new TransferException(
            TransferErrorCode.InvalidSource,
            $"Unsupported source '{source}': use an http(s) URL, a file:// URL or an absolute local path.");
    }

    /// <summary>The form stored for a source: local paths and file:// URLs as full local paths, URLs as given.</summary>
    public static string Normalize(string source)
    {
        var uri = Parse(source);
        return uri.IsFile ? uri.LocalPath : uri.AbsoluteUri;
    }
}
