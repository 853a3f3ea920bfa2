using System.Diagnostics;
using System.Globalization;

namespace BitsLite.Testing;

/// <summary>
/// The second account the security tests act as: 'nobody' (uid 65534), reached with setpriv, which needs root. Where
/// that cannot be done (not root, not Linux, no setpriv), <see cref="WhyUnavailable"/> says why, and the tests that need
/// it write that to their output and pass without it, as a runner without root must let them; CI runs them as root.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class OtherUser
{
    /// <summary>nobody's user (and group) id.</summary>
    public const uint Uid = 65534;

    private const string Setpriv = "/usr/bin/setpriv";
    private const string Python = "/usr/bin/python3";

    /// <summary>
    /// Why the tests cannot act as another user here, or <see langword="null"/> when they can (and, given
    /// <paramref name="directory"/>, 'nobody' can reach it through its parents).
    /// </summary>
    public static string? WhyUnavailable(string? directory = null) =>
        !OperatingSystem.IsLinux() ? "switching users is done with setpriv, on Linux only"
            : !Environment.IsPrivilegedProcess ? "the tests do not run as root, so they cannot switch to another user"
            : !File.Exists(Setpriv) ? "setpriv is not installed (util-linux)"
            : directory is not null && !IsTraversableByOthers(directory) ? $"'nobody' cannot reach '{directory}' through its parent directories"
            : null;

    /// <summary><see cref="WhyUnavailable"/>, and also whether python3 is there for <see cref="StartPython"/>.</summary>
    public static string? WhyPythonUnavailable(string? directory = null) =>
        WhyUnavailable(directory) ?? (File.Exists(Python) ? null : $"{Python} is not installed");

    /// <summary>Starts <paramref name="program"/> (an absolute path) as nobody, without supplementary groups, in '/', with its output redirected.</summary>
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

    /// <summary>Starts a Python script (standard library only, isolated mode) as nobody.</summary>
    public static Process StartPython(string script, params string[] arguments) => Start(Python, ["-I", "-c", script, .. arguments]);

    /// <summary>Runs a shell command line as nobody and returns what it printed; throws unless it exits with 0 within 30 s.</summary>
    public static async Task<string> ShellAsync(string command)
    {
        using var process = Start("/bin/sh", "-c", command);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' as uid {Uid} exited with {process.ExitCode}: {await errors}");
        }

        return output;
    }

    /// <summary>Gives <paramref name="path"/> (a link itself, not what it points to) to nobody, as only root can.</summary>
    public static void Own(string path) => Tool("/usr/bin/chown", "-h", $"{Uid}:{Uid}", path);

    /// <summary>The numeric owner of <paramref name="path"/> (not following a link), as stat(1) says.</summary>
    public static uint OwnerOf(string path) => uint.Parse(Tool("/usr/bin/stat", "-c", "%u", path).Trim(), CultureInfo.InvariantCulture);

    /// <summary>A directory anyone may write to and whose entries anyone may rename or delete (0777, no sticky bit).</summary>
    public static string CreateSharedDirectory(string path)
    {
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);
        return path;
    }

    /// <summary>Quotes <paramref name="text"/> for a POSIX shell.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Tool(string program, params string[] arguments)
    {
        using var tool = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var errors = tool.StandardError.ReadToEndAsync();
        var said = tool.StandardOutput.ReadToEnd();
        tool.WaitForExit();
        if (tool.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({tool.ExitCode}): {errors.Result}");
        }

        return said;
    }

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
