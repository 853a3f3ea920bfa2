using System.Diagnostics;
using BitsLite.Host.Registration;

namespace BitsLite.Host.Tests.Registration;

/// <summary>The real runner against ordinary Unix programs (skipped on Windows, where they do not exist).</summary>
public sealed class ServiceManagerRunnerTests
{
    [Fact]
    public void Captures_the_exit_code_and_output_with_arguments_passed_verbatim()
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
    public void A_failing_program_is_a_failure_with_its_error_output()
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
    public void A_missing_program_is_not_found_not_an_exception()
    {
        var result = new ServiceManagerRunner().Run("bitslite-no-such-service-manager", ["--user"]);

        Assert.Equal(ServiceManagerOutcome.NotFound, result.Outcome);
        Assert.StartsWith("`bitslite-no-such-service-manager --user` could not be run: ", result.Describe("bitslite-no-such-service-manager --user"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_that_hangs_is_killed_after_the_timeout()
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
