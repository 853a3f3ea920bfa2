using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Security;

namespace BitsLite.Protocol.Locations;

/// <summary>
/// Checks that a directory or file where BitsLite keeps secrets is the current user's alone: owned by them, with no
/// permission for anyone else, not a symbolic link, and (directories) below directories that only they or root can
/// change, so that nobody can swap it for one of their own. It never changes a mode or an owner: what fails is refused
/// with a <see cref="TransferException"/> (<see cref="TransferErrorCode.AccessDenied"/>) that says why and how to fix it.
/// On Windows the user profile's ACL protects these places and nothing is checked.
/// </summary>
public static class PrivateLocation
{
    // Links followed while resolving a directory's parents, as the kernel's own limit (MAXSYMLINKS).
    private const int MaxLinks = 40;

    /// <summary>
    /// Creates the directory owner-only (0700; missing parents as the umask makes them) unless it exists, then checks
    /// it as <see cref="VerifyDirectory"/> does.
    /// </summary>
    /// <param name="path">The directory.</param>
    /// <param name="what">What it is, for messages: "data root", "socket directory".</param>
    /// <param name="setting">The variable that chose it, for messages: "BITSLITE_HOME", "XDG_RUNTIME_DIR".</param>
    /// <exception cref="TransferException">The directory, or one above it, is not safe; nothing was created inside an unsafe parent.</exception>
    public static void EnsureDirectory(string path, string what, string setting)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        path = Path.GetFullPath(path);
        try
        {
            VerifyParents(path, what, setting);
            if (NativeFiles.StatusOf(path) is null)
            {
                // Created with its final mode (mkdir's own argument): there is no moment when it is open to others.
                Directory.CreateDirectory(path, OwnerOnlyDirectory.Mode);
            }

            CheckDirectory(NativeFiles.StatusOf(path), path, what, setting);
        }
        catch (Exception ex) when (CannotLook(ex))
        {
            throw CannotCheck(path, what, ex);
        }
    }

    /// <summary>
    /// Checks an existing directory: not a link, owned by the current user, no group or other permission, and every
    /// directory above it owned by the user or root and writable by nobody else (unless sticky, as /tmp). A directory
    /// that does not exist passes: there is nothing in it to protect yet.
    /// </summary>
    /// <exception cref="TransferException">The directory, or one above it, is not safe.</exception>
    public static void VerifyDirectory(string path, string what, string setting)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        path = Path.GetFullPath(path);
        try
        {
            if (NativeFiles.StatusOf(path) is { } status)
            {
                CheckDirectory(status, path, what, setting);
                VerifyParents(path, what, setting);
            }
        }
        catch (Exception ex) when (CannotLook(ex))
        {
            throw CannotCheck(path, what, ex);
        }
    }

    /// <summary>Checks an existing file: a regular file (not a link), owned by the current user, with no group or other permission. A missing file passes.</summary>
    /// <exception cref="TransferException">The file is not safe to keep secrets in.</exception>
    public static void VerifyFile(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            CheckFile(NativeFiles.StatusOf(path), path, what);
        }
        catch (Exception ex) when (CannotLook(ex))
        {
            throw CannotCheck(path, what, ex);
        }
    }

    /// <summary>Refuses <paramref name="status"/> (of <paramref name="path"/>, from lstat or fstat) unless it is a regular file of ours alone.</summary>
    internal static void CheckFile(UnixFileStatus? status, string path, string what)
    {
        var me = CurrentUser;
        switch (status)
        {
            case null:
                return;
            case { Kind: UnixFileKind.SymbolicLink }:
                throw LinkRefused(path, what);
            case { Kind: not UnixFileKind.RegularFile }:
                throw Refused($"The {what} '{path}' is not a regular file. Move it aside, then start again.");
            case { OwnerId: var owner } when owner != me:
                throw Refused($"The {what} '{path}' is owned by uid {owner}, not you (uid {me}): someone else made it, and could read what BitsLite writes into it. Move it aside (and find out who made it), then start again.");
            case { OpenToOthers: true } s:
                throw Refused($"The {what} '{path}' is open to other users (mode {s.Octal}): BitsLite keeps secrets in it. If it is really yours, `chmod 600 '{path}'` (others may have read it already); otherwise move it aside.");
        }
    }

    /// <summary>The refusal of a file that is a symbolic link.</summary>
    internal static TransferException LinkRefused(string path, string what) =>
        Refused($"The {what} '{path}' is a symbolic link: BitsLite never follows links to the files where it keeps secrets. Remove the link, then start again.");

    private static void CheckDirectory(UnixFileStatus? status, string path, string what, string setting)
    {
        var me = CurrentUser;
        var yourOwn = $"Use a directory of your own (unset {setting} or point it at a new path; BitsLite creates it owner-only)";
        switch (status)
        {
            case null:
                throw Refused($"The {what} '{path}' disappeared while it was being checked; try again.");
            case { Kind: UnixFileKind.SymbolicLink }:
                throw Refused($"The {what} '{path}' is a symbolic link: BitsLite does not follow links where it keeps secrets. Point {setting} at the directory itself, or remove the link.");
            case { Kind: not UnixFileKind.Directory }:
                throw Refused($"The {what} '{path}' is not a directory. {yourOwn}, or move it aside.");
            case { Shared: true } s:
                throw Refused($"The {what} '{path}' is a shared directory (mode {s.Octal}: everyone may create files in it), and BitsLite keeps secrets in its {what}; it never changes the mode of a directory it did not create. {yourOwn}.");
            case { OwnerId: var owner } when owner != me:
                throw Refused($"The {what} '{path}' is owned by uid {owner}, not you (uid {me}): BitsLite keeps secrets there. {yourOwn}, or `chown` it if it is really yours.");
            case { OpenToOthers: true } s:
                throw Refused($"The {what} '{path}' is open to other users (mode {s.Octal}): BitsLite keeps secrets there, and never changes the mode of a directory it did not create. {yourOwn}, or `chmod 700 '{path}'` if it is really yours.");
        }
    }

    /// <summary>Every directory above <paramref name="path"/>, links resolved, must be the user's or root's and writable by nobody else unless sticky.</summary>
    private static void VerifyParents(string path, string what, string setting)
    {
        var me = CurrentUser;
        var parent = Path.GetDirectoryName(path);
        for (var directory = parent is null ? null : Resolve(parent, 0); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            switch (NativeFiles.StatusOf(directory))
            {
                case { OwnerId: var owner } when owner != me && owner != 0:
                    throw Refused($"The directory '{directory}' above the {what} '{path}' belongs to uid {owner}, not to you (uid {me}) or root: its owner could replace the {what} with one of their own. "
                        + $"Use a {what} below directories only you or root can change (unset {setting} or point it at a new path).");
                case { WritableByOthers: true } s:
                    throw Refused($"The directory '{directory}' above the {what} '{path}' is writable by other users (mode {s.Octal}) and has no sticky bit: anyone could replace the {what} with one of their own. "
                        + $"Use a {what} below directories only you or root can change (unset {setting} or point it at a new path).");
            }
        }
    }

    /// <summary>The path with every link in it resolved, as far as it exists (the missing rest is appended as it is).</summary>
    private static string Resolve(string path, int links)
    {
        var root = Path.GetPathRoot(path) ?? "/";
        var parts = path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            var status = NativeFiles.StatusOf(next);
            if (status is null)
            {
                return Path.Combine([current, .. parts[i..]]);
            }

            if (status.Value.Kind != UnixFileKind.SymbolicLink)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"Too many symbolic links in '{path}'.");
            }

            var target = new FileInfo(next).LinkTarget ?? throw new IOException($"Cannot read the link '{next}'.");
            current = Resolve(Path.GetFullPath(target, current), links);
        }

        return current;
    }

    private static uint CurrentUser => PeerCredentials.CurrentUserId() ?? throw new PlatformNotSupportedException();

    private static TransferException Refused(string message) => new(TransferErrorCode.AccessDenied, message);

    /// <summary>A failure to look (a missing permission, an unknown system), as opposed to a refusal.</summary>
    private static bool CannotLook(Exception ex) => ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException;

    private static TransferException CannotCheck(string path, string what, Exception ex) =>
        new(TransferErrorCode.AccessDenied, $"Cannot check that the {what} '{path}' is yours alone: {ex.Message}", ex);
}
