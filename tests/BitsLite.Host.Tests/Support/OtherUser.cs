using System.Diagnostics;

namespace BitsLite.Host.Tests.Support;

/// <summary>
/// The second account the security tests act as: 'nobody' (uid 65534), reached with setpriv, which needs root. Where
/// that cannot be done (not root, no setpriv or python3), <see cref="CannotRun"/> says why, and the tests that need it
/// write that to their output and pass without it, as a CI runner without root must let them.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class OtherUser
{
    public const uint Id = 65534;

    /// <summary>Why the other user cannot be used here, or null; with <paramref name="directory"/>, also whether they can reach it.</summary>
    public static string? CannotRun(string? directory = null) =>
        Environment.UserName != "root" ? "the tests do not run as root, so they cannot switch to another user"
            : !File.Exists("/usr/bin/setpriv") ? "setpriv is not installed (util-linux)"
            : !File.Exists("/usr/bin/python3") ? "/usr/bin/python3 is not installed"
            : directory is not null && !IsTraversableByOthers(directory) ? $"'nobody' cannot reach '{directory}' through its parent directories"
            : null;

    /// <summary>Starts <paramref name="command"/> as uid and gid 65534, without supplementary groups, in '/'.</summary>
    public static Process Start(params string[] command)
    {
        var start = new ProcessStartInfo("/usr/bin/setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var part in new[] { $"--reuid={Id}", $"--regid={Id}", "--clear-groups" }.Concat(command))
        {
            start.ArgumentList.Add(part);
        }

        return Process.Start(start)!;
    }

    /// <summary>Starts a Python script (standard library only, isolated mode) as the other user.</summary>
    public static Process StartPython(string script, params string[] arguments) => Start(["/usr/bin/python3", "-I", "-c", script, .. arguments]);

    /// <summary>Runs a shell command as the other user and returns what it printed; a failure fails the test.</summary>
    public static async Task<string> ShellAsync(string command)
    {
        using var process = Start("/bin/sh", "-c", command);
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await HostTestEnvironment.WaitForExitAsync(process);
        Assert.True(process.ExitCode == 0, $"'{command}' failed as uid {Id} ({process.ExitCode}): {errors}");
        return output;
    }

    /// <summary>Gives <paramref name="path"/> (a link itself, not what it points to) to the other user, as only root can.</summary>
    public static void Own(string path) => Assert.Equal("", Tool("/usr/bin/chown", "-h", $"{Id}:{Id}", path));

    /// <summary>The numeric owner of <paramref name="path"/> (not following a link), as stat(1) says.</summary>
    public static uint OwnerOf(string path) => uint.Parse(Tool("/usr/bin/stat", "-c", "%u", path).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static string Tool(string program, params string[] arguments)
    {
        using var tool = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var said = tool.StandardOutput.ReadToEnd();
        var errors = tool.StandardError.ReadToEnd();
        tool.WaitForExit();
        Assert.True(tool.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed: {errors}");
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
