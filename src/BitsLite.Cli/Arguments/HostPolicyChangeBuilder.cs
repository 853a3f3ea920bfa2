using BitsLite.Cli.Errors;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Cli.Arguments;

/// <summary>Builds the change for <c>bitslite policy set</c>, refusing an empty change or an out-of-range job count.</summary>
internal static class HostPolicyChangeBuilder
{
    public const int MaxActiveJobsLimit = 64;

    /// <param name="backgroundBandwidth">Bytes per second; 0 removes the limit.</param>
    /// <param name="maxActiveJobs">Jobs that may transfer at once, 1 to 64.</param>
    public static HostPolicyChange Build(long? backgroundBandwidth, int? maxActiveJobs)
    {
        if (backgroundBandwidth is null && maxActiveJobs is null)
        {
            throw CliException.Usage("nothing to change; give --background-bandwidth and/or --max-active-jobs");
        }

        if (maxActiveJobs is < 1 or > MaxActiveJobsLimit)
        {
            throw CliException.Usage($"--max-active-jobs must be 1 to {MaxActiveJobsLimit}, not {maxActiveJobs}");
        }

        return new HostPolicyChange { BackgroundBandwidth = backgroundBandwidth, MaxActiveJobs = maxActiveJobs };
    }
}
