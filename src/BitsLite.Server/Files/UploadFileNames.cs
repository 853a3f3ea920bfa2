using System.Text;

namespace BitsLite.Server.Files;

/// <summary>
/// Decides whether a name a client sent may become a file in the upload directory. The rules are the same on every
/// platform, so a directory served from Linux can be copied to Windows: one path segment, no separators, no
/// characters Windows refuses, no control characters, no "." or "..", no trailing dot or space, no device names
/// (CON, NUL, COM1, ...; with any extension), at most 255 bytes of UTF-8, and not the server's own staging names.
/// </summary>
internal static class UploadFileNames
{
    /// <summary>Files the server stages in the upload directory start with this; clients may not use it.</summary>
    public const string StagingPrefix = ".bitslite-";

    private const int MaxUtf8Bytes = 255;

    private static readonly string[] DeviceNames =
    [
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
    ];

    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create("/\\:*?\"<>|");

    public static bool TryValidate(string? name, out string reason)
    {
        if (string.IsNullOrEmpty(name))
        {
            reason = "no file name";
            return false;
        }

        if (name is "." or "..")
        {
            reason = "'.' and '..' are not file names";
            return false;
        }

        foreach (var character in name)
        {
            if (char.IsControl(character))
            {
                reason = "control characters are not allowed";
                return false;
            }
        }

        if (name.AsSpan().IndexOfAny(Forbidden) >= 0)
        {
            reason = "path separators and the characters : * ? \" < > | are not allowed";
            return false;
        }

        if (name.EndsWith('.') || name.EndsWith(' '))
        {
            reason = "a name may not end with a dot or a space";
            return false;
        }

        if (IsDeviceName(name))
        {
            reason = "reserved device names (CON, NUL, COM1, ...) are not allowed";
            return false;
        }

        if (name.StartsWith(StagingPrefix, StringComparison.OrdinalIgnoreCase))
        {
            reason = $"names starting with '{StagingPrefix}' are reserved for the server";
            return false;
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxUtf8Bytes)
        {
            reason = $"a name may be at most {MaxUtf8Bytes} bytes long";
            return false;
        }

        reason = "";
        return true;
    }

    private static bool IsDeviceName(string name)
    {
        // Windows ignores everything from the first dot, and spaces before it: "con.txt" and "NUL .tar.gz" are devices.
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var stem = (dot < 0 ? name : name[..dot]).TrimEnd(' ');
        return DeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase);
    }
}
