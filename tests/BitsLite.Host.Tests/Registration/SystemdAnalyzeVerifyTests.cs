using BitsLite.Host.Registration;
using BitsLite.Testing;
using Xunit.Abstractions;

namespace BitsLite.Host.Tests.Registration;

/// <summary>
/// Checks generated units with systemd's own parser, <c>systemd-analyze verify</c>. Here (systemd 252, a
/// container without a running systemd) it works in its default system mode without a manager: exit code 0
/// and no output for a good unit; for a bad one, lines naming the unit file, and exit code 1 for fatal
/// errors (a missing or unquoted executable) but 0 for ignored settings (an unknown Type=). So a unit passes
/// only with exit code 0 and no line mentioning it. `--user` mode is not used: it needs XDG_RUNTIME_DIR.
/// Verify needs the ExecStart program to exist and the file name to end in .service.
/// </summary>
public sealed class SystemdAnalyzeVerifyTests(ITestOutputHelper log)
{
    [Fact]
    public void AUnitWithSpacesAndSpecialCharactersInEveryPath_PassesVerify()
    {
        if (SystemdAnalyze() is not { } analyze)
        {
            return;
        }

        using var temp = new TempDirectory();
        var program = CopyOfTrue(Path.Combine(temp.Path, "we ird %x $y ;&(é)#", "bitslite host"));
        var command = new HostLaunchCommand(program, ["arg with \"quotes\" and \\ back", "100% $HOME ${X}", ";", "it's"]);
        var unit = SystemdUserUnit.Render(command, "/srv/bits lite/100%/$HOME/\"q\"\\b\nnl");

        var problems = Verify(analyze, temp.File("bitslite.service"), unit);

        Assert.Empty(problems);
    }

    [Fact]
    public void TheUnitForTheBuiltHost_PassesVerify()
    {
        if (SystemdAnalyze() is not { } analyze)
        {
            return;
        }

        var apphost = Path.Combine(AppContext.BaseDirectory, "bitslite-host");
        var dll = Path.Combine(AppContext.BaseDirectory, "bitslite-host.dll");
        var command = File.Exists(apphost) ? HostLaunchCommand.For(apphost, dll) : new HostLaunchCommand("/bin/true", [dll]);
        log.WriteLine($"ExecStart={SystemdUserUnit.ExecStart(command)}");
        using var temp = new TempDirectory();

        Assert.Empty(Verify(analyze, temp.File("bitslite.service"), SystemdUserUnit.Render(command, temp.Path)));
    }

    [Fact]
    public void Verify_DoesCatchABadlyQuotedUnit()
    {
        // The control: the same check must fail for what quoting prevents, an executable path split at a space.
        if (SystemdAnalyze() is not { } analyze)
        {
            return;
        }

        using var temp = new TempDirectory();
        var program = CopyOfTrue(Path.Combine(temp.Path, "dir with space", "bitslite-host"));
        var unit = SystemdUserUnit.Render(new HostLaunchCommand(program, []), null).Replace($"\"{program}\"", program, StringComparison.Ordinal);

        Assert.NotEmpty(Verify(analyze, temp.File("bitslite.service"), unit));
    }

    /// <summary>Writes the unit and verifies it: the problems are a non-zero exit code and every output line that names the unit file.</summary>
    private List<string> Verify(string analyze, string unitPath, string unit)
    {
        File.WriteAllText(unitPath, unit);
        var result = new ServiceManagerRunner(TimeSpan.FromSeconds(60)).Run(analyze, ["verify", "--man=no", unitPath]);
        log.WriteLine($"systemd-analyze verify: {result.Outcome}, exit code {result.ExitCode}");
        log.WriteLine(result.Output + result.Error);
        var problems = (result.Output + "\n" + result.Error).Split('\n')
            .Where(line => line.Contains(Path.GetFileName(unitPath), StringComparison.Ordinal))
            .ToList();
        if (!result.Succeeded)
        {
            problems.Insert(0, $"{result.Outcome}, exit code {result.ExitCode}");
        }

        return problems;
    }

    private string? SystemdAnalyze()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "systemd-analyze"))
            .FirstOrDefault(File.Exists);
        if (found is null)
        {
            log.WriteLine("Skipped: systemd-analyze is not on PATH, so the generated unit was not verified by systemd.");
        }

        return found;
    }

    private static string CopyOfTrue(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy("/bin/true", path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
