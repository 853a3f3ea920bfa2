using System.Globalization;
using System.Text;

namespace BitsLite.Host.Registration;

/// <summary>
/// Writes and removes registration files. A write goes to a temporary file beside the target and is renamed
/// over it, so a service manager reading the file never sees half of it and a second install simply replaces it.
/// </summary>
internal static class RegistrationFile
{
    /// <summary>UTF-8 without a byte order mark (systemd units, launchd plists).</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static void Write(string path, string text, Encoding encoding)
    {
        var directory = Path.GetDirectoryName(path) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp"));
        try
        {
            File.WriteAllText(temporary, text, encoding);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Deletes a file or a symbolic link (even a dangling one).</summary>
    /// <returns>Whether there was something to delete.</returns>
    public static bool Delete(string path)
    {
        if (!Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Whether a file or a symbolic link (even a dangling one) is at <paramref name="path"/>.</summary>
    public static bool Exists(string path) => File.Exists(path) || new FileInfo(path).LinkTarget is not null;

    /// <summary>The file's text, or null when it does not exist or cannot be read.</summary>
    public static string? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
