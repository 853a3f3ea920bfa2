using System.Diagnostics;

namespace BitsLite.Testing;

/// <summary>
/// Runs a command as another OS user, 'nobody' (uid 65534), with setpriv: what the attacks on shared directories and
/// sockets need. Only root can switch users, so where the tests do not run as root (or setpriv is missing) the tests
/// that need it return early, saying why (<see cref="WhyUnavailable"/>); CI runs them as root.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class OtherUser
{
    /// <summary>nobody's user id.</summary>
    public const int Uid = 65534;

    private const string Setpriv = "/usr/bin/setpriv";

    /// <summary>
    /// Why the tests cannot act as another user here, or <see langword="null"/> when they can and 'nobody' can reach
    /// <paramref name="directory"/> through its parents.
    /// </summary>
    public static string? WhyUnavailable(string directory) =>
        !OperatingSystem.IsLinux() ? "switching users is done with setpriv, on Linux only"
            : !Environment.IsPrivilegedProcess ? "the tests do not run as root, so they cannot switch to another user"
            : !File.Exists(Setpriv) ? "setpriv is not installed (util-linux)"
            : !IsTraversableByOthers(directory) ? $"'nobody' cannot reach '{directory}' through its parent directories"
            : null;

    /// <summary>Starts <paramref name="program"/> (an absolute path) as nobody, with its output redirected.</summary>
    public static Process Start(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(Setpriv)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var part in new[] { $"--reuid={Uid}", $"--regid={Uid}", "--clear-groups", program }.Concat(arguments))
        {
            start.ArgumentList.Add(part);
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs a shell command line as nobody and waits for it; fails unless it exits with 0.</summary>
    public static async Task RunShellAsync(string command)
    {
        using var process = Start("/bin/sh", "-c", command);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' as uid {Uid} exited with {process.ExitCode}: {await errors}");
        }
    }

    /// <summary>A directory anyone may write to and whose entries anyone may rename or delete (0777, no sticky bit).</summary>
    public static string CreateSharedDirectory(string path)
    {
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);
        return path;
    }

    /// <summary>Quotes <paramref name="text"/> for a POSIX shell.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static bool IsTraversableByOthers(string directory)
    {
        for (var parent = Path.GetDirectoryName(directory); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if ((File.GetUnixFileMode(parent) & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }
}
