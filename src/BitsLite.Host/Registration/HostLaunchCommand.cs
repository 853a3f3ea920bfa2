using System.Diagnostics.CodeAnalysis;

namespace BitsLite.Host.Registration;

/// <summary>
/// The command a logon registration runs: the running host itself, its apphost, or the dotnet muxer
/// followed by the host's .dll. Registered hosts get no <c>--started-by-client</c>, so they never exit when idle.
/// </summary>
/// <param name="FileName">The absolute path of the program to execute.</param>
/// <param name="Arguments">Its arguments (the .dll when run through dotnet, otherwise none).</param>
internal sealed record HostLaunchCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The program followed by its arguments: launchd's ProgramArguments, systemd's ExecStart words.</summary>
    public IReadOnlyList<string> Words => [FileName, .. Arguments];

    /// <summary>The host that is running this code.</summary>
    /// <exception cref="RegistrationException">The running program or the host's .dll cannot be told.</exception>
    [UnconditionalSuppressMessage("SingleFile", "IL3000:Avoid accessing Assembly file path when publishing as a single file",
        Justification = "The .dll's path is used only when the host runs through the dotnet muxer; a NativeAOT host is its own program, and For handles an empty path.")]
    public static HostLaunchCommand ForRunningHost() =>
        For(Environment.ProcessPath, typeof(HostLaunchCommand).Assembly.Location);

    /// <summary>The host command for a process path and the host's assembly path (given, so that tests need no real host).</summary>
    /// <exception cref="RegistrationException">The process path is unknown, or it is dotnet and the assembly has no file.</exception>
    public static HostLaunchCommand For(string? processPath, string? hostAssemblyPath)
    {
        if (string.IsNullOrEmpty(processPath))
        {
            throw new RegistrationException("Cannot tell which program runs this host, so there is nothing to register; run the installed bitslite-host instead.");
        }

        var program = Path.GetFullPath(processPath);
        if (!IsDotnetMuxer(program))
        {
            return new HostLaunchCommand(program, []);
        }

        // Run as `dotnet bitslite-host.dll`: the muxer alone would start nothing.
        return string.IsNullOrEmpty(hostAssemblyPath)
            ? throw new RegistrationException("This host runs through dotnet but its .dll has no file on disk; run register from the bitslite-host executable instead.")
            : new HostLaunchCommand(program, [Path.GetFullPath(hostAssemblyPath)]);
    }

    /// <summary>Whether a program is the dotnet muxer (<c>dotnet</c> or <c>dotnet.exe</c>).</summary>
    public static bool IsDotnetMuxer(string path)
    {
        var name = Path.GetFileName(path);
        return name.Equals("dotnet", StringComparison.OrdinalIgnoreCase) || name.Equals("dotnet.exe", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Value equality over the arguments too (a record compares lists by reference).</summary>
    public bool Equals(HostLaunchCommand? other) =>
        other is not null && string.Equals(FileName, other.FileName, StringComparison.Ordinal) && Arguments.SequenceEqual(other.Arguments, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(FileName, Arguments.Count);

    public override string ToString() => string.Join(' ', Words);
}
