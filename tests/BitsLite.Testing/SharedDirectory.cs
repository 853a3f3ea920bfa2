using System.Diagnostics;

namespace BitsLite.Testing;

/// <summary>
/// The stage of the attacks on temporary files: a directory that another user ('nobody', see <see cref="OtherUser"/>)
/// may write to and whose entries they may rename (0777 without the sticky bit, so Linux's protected_symlinks does not
/// step in), beside a file only root may read or write. What nobody plants there points at that file.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SharedDirectory
{
    /// <summary>What the root-only file holds; it must still hold exactly this after every attack.</summary>
    public const string SecretText = "root only: must never change\n";

    /// <param name="parent">A directory of the test's own (traversable by others), in which both are made.</param>
    private SharedDirectory(string parent)
    {
        Path = OtherUser.CreateSharedDirectory(System.IO.Path.Combine(parent, "shared"));
        Secret = System.IO.Path.Combine(parent, "secret.txt");
        System.IO.File.WriteAllText(Secret, SecretText);
        System.IO.File.SetUnixFileMode(Secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>
    /// Sets the stage in <paramref name="parent"/>; or, where nobody cannot act here (see <see cref="OtherUser.WhyUnavailable"/>),
    /// writes "SKIPPED: why." to <paramref name="output"/> and returns <see langword="null"/>, and the test returns at once.
    /// </summary>
    public static SharedDirectory? TryCreate(string parent, Action<string> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (OtherUser.WhyUnavailable(parent) is { } why)
        {
            output($"SKIPPED: {why}.");
            return null;
        }

        return new SharedDirectory(parent);
    }

    /// <summary>The shared directory.</summary>
    public string Path { get; }

    /// <summary>The root-only file (0600) outside it.</summary>
    public string Secret { get; }

    /// <summary>A path in the shared directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Whether the root-only file still holds <see cref="SecretText"/>, is a regular file and is still 0600.</summary>
    public bool SecretIsUntouched =>
        System.IO.File.ReadAllText(Secret) == SecretText
        && new FileInfo(Secret).LinkTarget is null
        && System.IO.File.GetUnixFileMode(Secret) == (UnixFileMode.UserRead | UnixFileMode.UserWrite);

    /// <summary>The entries of the shared directory whose names match <paramref name="pattern"/> (links included).</summary>
    public string[] Entries(string pattern) => Directory.GetFileSystemEntries(Path, pattern);

    /// <summary>As nobody: a symbolic link to the root-only file at <paramref name="entry"/> (what was there is moved aside).</summary>
    public Task PlantLinkAsync(string entry) =>
        OtherUser.ShellAsync($"{MoveAside(entry)}ln -s {OtherUser.Quote(Secret)} {OtherUser.Quote(entry)}");

    /// <summary>As nobody: a file of nobody's own at <paramref name="entry"/> (what was there is moved aside).</summary>
    public static Task PlantOwnFileAsync(string entry) =>
        OtherUser.ShellAsync($"{MoveAside(entry)}printf planted > {OtherUser.Quote(entry)}");

    /// <summary>
    /// A hard link to the root-only file at <paramref name="entry"/>, what was there moved aside by nobody. The link itself
    /// is made as root: Linux's fs.protected_hardlinks (on here) stops nobody from linking a file they cannot write, but
    /// where it is off (or for a file they may link) nobody's planted link is this: a root-owned file with two names.
    /// </summary>
    public async Task PlantHardLinkAsync(string entry)
    {
        await OtherUser.ShellAsync(MoveAside(entry) + "true");
        using var ln = Process.Start("/bin/ln", [Secret, entry]);
        await ln.WaitForExitAsync();
        if (ln.ExitCode != 0)
        {
            throw new InvalidOperationException($"ln {Secret} {entry} failed ({ln.ExitCode}).");
        }
    }

    private static string MoveAside(string entry) =>
        $"if [ -e {OtherUser.Quote(entry)} ]; then mv {OtherUser.Quote(entry)} {OtherUser.Quote(entry + ".moved")}; fi; ";
}
