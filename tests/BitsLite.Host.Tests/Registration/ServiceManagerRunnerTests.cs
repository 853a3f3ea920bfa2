using System.Diagnostics;
using BitsLite.Host.Registration;

namespace BitsLite.Host.Tests.Registration;

/// <summary>The real runner against ordinary Unix programs (skipped on Windows, where they do not exist).</summary>
public sealed class ServiceManagerRunnerTests
{
    [Fact]
    public void CapturesTheExitCodeAndOutput_WithArgumentsPassedVerbatim()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var result = new ServiceManagerRunner().Run("printf", ["%s|%s", "two words", "$HOME;\"x\""]);

        Assert.Equal(ServiceManagerResult.Exited(0, "two words|$HOME;\"x\"", ""), result);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void AFailingProgram_IsAFailure_WithItsErrorOutput()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var result = new ServiceManagerRunner().Run("ls", ["/no/such/directory"]);

        Assert.Equal(ServiceManagerOutcome.Exited, result.Outcome);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("/no/such/directory", result.FirstLine, StringComparison.Ordinal);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public void AMissingProgram_IsNotFound_NotAnException()
    {
        var result = new ServiceManagerRunner().Run("bitslite-no-such-service-manager", ["--user"]);

        Assert.Equal(ServiceManagerOutcome.NotFound, result.Outcome);
        Assert.StartsWith("`bitslite-no-such-service-manager --user` could not be run: ", result.Describe("bitslite-no-such-service-manager --user"), StringComparison.Ordinal);
    }

    [Fact]
    public void AProgramThatHangs_IsKilledAfterTheTimeout()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        var result = new ServiceManagerRunner(TimeSpan.FromMilliseconds(300)).Run("sleep", ["30"]);

        Assert.Equal(ServiceManagerOutcome.TimedOut, result.Outcome);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Contains("did not finish", result.Describe("sleep 30"), StringComparison.Ordinal);
    }
}
