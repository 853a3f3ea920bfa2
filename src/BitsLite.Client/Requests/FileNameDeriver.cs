namespace BitsLite.Client.Requests;

/// <summary>
/// The file name a source is saved under when its destination is a directory: the last segment of a URL's
/// path (query and fragment ignored, percent-decoding applied) or a local file's name. Names that are empty,
/// "." or "..", or that hold a path separator (even one spelled %2F) are refused, so nothing is ever written
/// outside the directory the user named.
/// </summary>
internal static class FileNameDeriver
{
    /// <summary>The name, or <see langword="null"/> with <paramref name="reason"/> when none can be derived safely.</summary>
    public static string? FromUrl(Uri url, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = url.AbsolutePath;
        var lastSlash = path.LastIndexOf('/');
        var segment = lastSlash >= 0 ? path[(lastSlash + 1)..] : path;
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(segment);
        }
        catch (UriFormatException)
        {
            reason = "its path is not valid percent-encoding";
            return null;
        }

        return Check(decoded, out reason);
    }

    /// <summary>The file name of an absolute local path.</summary>
    public static string? FromLocalPath(string fullPath, out string? reason) => Check(Path.GetFileName(fullPath), out reason);

    private static string? Check(string name, out string? reason)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            reason = "its path has no file name (it ends with '/')";
            return null;
        }

        if (name is "." or "..")
        {
            reason = $"its file name would be '{name}'";
            return null;
        }

        // Both separators everywhere: a name with '\' would be a path on Windows and is suspicious elsewhere.
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal)
            || name.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Any(char.IsControl))
        {
            reason = $"its file name '{name}' holds a path separator or a character not allowed in file names";
            return null;
        }

        reason = null;
        return name;
    }
}
