using System.Diagnostics;
using System.Globalization;

namespace BitsLite.Testing;

/// <summary>
/// A tmpfs (or ext4 image) of a few MiB mounted on a fresh directory, for tests of a full disk; unmounted (and its
/// directory deleted) on dispose. Mounting needs root on Linux, which CI has; where it cannot be done, <see cref="TryMount"/> says why, and
/// the tests that need it write that to their output and pass without it.
/// </summary>
public sealed class SmallFileSystem : IDisposable
{
    private const string FillerName = "filler.bin";
    private readonly TempDirectory _parent;

    private SmallFileSystem(TempDirectory parent, string path, long size)
    {
        _parent = parent;
        Path = path;
        Size = size;
    }

    /// <summary>Where it is mounted.</summary>
    public string Path { get; }

    /// <summary>Its size in bytes, as statvfs says (ext4 keeps some for its own tables).</summary>
    public long Size { get; }

    /// <summary>The bytes free on it now (statvfs).</summary>
    public long Available => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>The bytes its files take now, reserved blocks included.</summary>
    public long Used => Size - Available;

    /// <summary>Mounts a tmpfs of <paramref name="size"/> bytes (whole pages), or returns <see langword="null"/> with why not.</summary>
    public static SmallFileSystem? TryMount(long size, out string? whyNot) =>
        Mount(size, parent => ["-t", "tmpfs", "-o", string.Create(CultureInfo.InvariantCulture, $"size={size},mode=0700"), "tmpfs"], out whyNot);

    /// <summary>
    /// Mounts an ext4 file system in an image of <paramref name="size"/> bytes (no journal, no blocks kept for root, so
    /// <see cref="Available"/> is all there is), through a loop device; or returns <see langword="null"/> with why not.
    /// </summary>
    public static SmallFileSystem? TryMountExt4(long size, out string? whyNot) => Mount(size, parent =>
    {
        var image = parent.File("disk.img");
        using (var file = new FileStream(image, FileMode.CreateNew))
        {
            file.SetLength(size);
        }

        var (code, said) = Run("mkfs.ext4", "-q", "-F", "-m", "0", "-O", "^has_journal", image);
        return code == 0 ? ["-t", "ext4", "-o", "loop", image] : throw new InvalidOperationException($"mkfs.ext4 failed ({code}): {said.Trim()}");
    }, out whyNot);

    /// <summary>A path on it.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Takes <paramref name="bytes"/> of its space with a file of zeros, which <see cref="FreeSpace"/> deletes.</summary>
    public void Fill(long bytes)
    {
        using var filler = new FileStream(File(FillerName), FileMode.Create, FileAccess.Write);
        var block = new byte[64 * 1024];
        for (var left = bytes; left > 0; left -= block.Length)
        {
            filler.Write(block, 0, (int)Math.Min(block.Length, left));
        }
    }

    /// <summary>Deletes what <see cref="Fill"/> wrote, as a user frees space.</summary>
    public void FreeSpace() => System.IO.File.Delete(File(FillerName));

    /// <summary>The names of the files on it, hidden ones included, but not the filler.</summary>
    public IReadOnlyList<string> Files() =>
        [.. Directory.EnumerateFileSystemEntries(Path).Select(System.IO.Path.GetFileName).Where(n => n != FillerName).Order(StringComparer.Ordinal)!];

    public void Dispose()
    {
        // Lazily, should a process still hold a file there: the mount goes once that one closes it.
        Run("umount", "--lazy", Path);
        _parent.Dispose();
    }

    /// <param name="size">The file system's size.</param>
    /// <param name="source">mount's arguments before the mount point (type, options, device), given the parent directory.</param>
    /// <param name="whyNot">Why it could not be mounted.</param>
    private static SmallFileSystem? Mount(long size, Func<TempDirectory, string[]> source, out string? whyNot)
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            whyNot = "mounting a file system needs root on Linux";
            return null;
        }

        var parent = new TempDirectory();
        var path = parent.File("small");
        Directory.CreateDirectory(path);
        try
        {
            var (code, said) = Run("mount", [.. source(parent), path]);
            if (code != 0)
            {
                throw new InvalidOperationException($"mount failed ({code}): {said.Trim()}");
            }
        }
        catch (InvalidOperationException ex)
        {
            parent.Dispose();
            whyNot = ex.Message;
            return null;
        }

        System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        whyNot = null;
        return new SmallFileSystem(parent, path, new DriveInfo(path).TotalSize);
    }

    private static (int Code, string Said) Run(string program, params string[] arguments)
    {
        try
        {
            using var tool = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = tool.StandardOutput.ReadToEndAsync();
            var errors = tool.StandardError.ReadToEnd();
            tool.WaitForExit();
            return (tool.ExitCode, errors + output.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
