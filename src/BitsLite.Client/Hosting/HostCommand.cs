using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Client.Hosting;

/// <summary>How to run <c>bitslite-host</c>: its apphost, or its .dll through the dotnet muxer.</summary>
/// <param name="FileName">The program to execute.</param>
/// <param name="Prefix">Arguments before the host's own (the .dll when run through dotnet).</param>
public sealed record HostCommand(string FileName, IReadOnlyList<string> Prefix)
{
    /// <summary>The variable that names the host executable explicitly.</summary>
    public const string PathVariable = "BITSLITE_HOST_PATH";

    private const string HostName = "bitslite-host";

    /// <summary>
    /// The host named by <paramref name="explicitPath"/>, else by BITSLITE_HOST_PATH, else the one beside this
    /// assembly or in its host folder (where builds and the module put it).
    /// </summary>
    /// <exception cref="TransferException">No host executable could be found.</exception>
    [UnconditionalSuppressMessage("SingleFile", "IL3000:Avoid accessing Assembly file path when publishing as a single file",
        Justification = "In a NativeAOT or single-file program the location is empty, and the program's own directory (AppContext.BaseDirectory) is used.")]
    public static HostCommand Locate(string? explicitPath = null)
    {
        var named = explicitPath ?? Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(named))
        {
            return File.Exists(named)
                ? For(Path.GetFullPath(named))
                : throw new TransferException(TransferErrorCode.HostUnavailable, $"The host executable '{named}' does not exist (check {PathVariable}).");
        }

        var directory = Path.GetDirectoryName(typeof(HostCommand).Assembly.Location) ?? AppContext.BaseDirectory;

        // Beside this assembly in builds and the CLI; in the PowerShell module, in its own folder, so that its
        // dependencies never mix with what PowerShell loads.
        foreach (var candidate in new[] { directory, Path.Combine(directory, "host") })
        {
            var apphost = Path.Combine(candidate, OperatingSystem.IsWindows() ? HostName + ".exe" : HostName);
            if (File.Exists(apphost))
            {
                return For(Executable(apphost));
            }

            var dll = Path.Combine(candidate, HostName + ".dll");
            if (File.Exists(dll))
            {
                return For(dll);
            }
        }

        throw new TransferException(TransferErrorCode.HostUnavailable, $"Cannot find {HostName} in '{directory}' or its host folder; reinstall BitsLite or set {PathVariable}.");
    }

    /// <summary>
    /// How to run the host with <paramref name="arguments"/>: no shell, no window, every standard stream redirected
    /// (so the host never holds the caller's terminal or pipes), and only the variables
    /// <see cref="HostEnvironmentVariables"/> passes, so that no secret of the caller's (BITSLITE_PASSWORD) outlives it there.
    /// </summary>
    public ProcessStartInfo StartInfo(params string[] arguments)
    {
        var start = new ProcessStartInfo(FileName)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in Prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        HostEnvironmentVariables.Scrub(start.Environment);
        return start;
    }

    private static HostCommand For(string path) =>
        path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? new HostCommand(DotnetMuxer(), [path]) : new HostCommand(path, []);

    /// <summary>
    /// The host program, made executable if it is not: a module installed from a NuGet package (Install-PSResource)
    /// loses the execute bit, since a package is a zip. Only the owner (the user who installed it) can add it back.
    /// </summary>
    private static string Executable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return path;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) != 0)
        {
            return path;
        }

        try
        {
            // Execute for whoever may read it, no more.
            var execute = (mode.HasFlag(UnixFileMode.UserRead) ? UnixFileMode.UserExecute : 0)
                | (mode.HasFlag(UnixFileMode.GroupRead) ? UnixFileMode.GroupExecute : 0)
                | (mode.HasFlag(UnixFileMode.OtherRead) ? UnixFileMode.OtherExecute : 0);
            File.SetUnixFileMode(path, mode | execute);
            return path;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new TransferException(
                TransferErrorCode.HostUnavailable,
                $"The host '{path}' is not executable, and only its owner can make it so (installing from a package drops the execute bit). Run: chmod +x '{path}'",
                ex);
        }
    }

    /// <summary>The dotnet executable that runs this process's runtime (the muxer sits three levels above the framework folder).</summary>
    private static string DotnetMuxer()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var muxer = Path.Combine(root, name);
        return File.Exists(muxer) ? muxer : name;
    }
}
