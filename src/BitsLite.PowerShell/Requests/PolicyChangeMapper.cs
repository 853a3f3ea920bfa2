using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;

namespace BitsLite.PowerShell.Requests;

/// <summary>Turns Set-TransferPolicy's parameters into the change the host is asked for; tested without PowerShell.</summary>
internal static class PolicyChangeMapper
{
    /// <summary>The change; parameters not given are <see langword="null"/> (and <paramref name="clearBandwidthSchedule"/> false).</summary>
    /// <exception cref="TransferException">Nothing to change, a schedule that does not parse, or parameters that do not go together (InvalidArgument).</exception>
    public static HostPolicyChange ToChange(
        long? backgroundBandwidth,
        int? maxActiveJobs,
        NetworkCostOverride? networkCost,
        string? bandwidthSchedule,
        bool clearBandwidthSchedule,
        int? maxFilesPerJob = null,
        int? maxJobsPerUser = null,
        int? maxConnectionsPerFile = null)
    {
        if (bandwidthSchedule is not null && clearBandwidthSchedule)
        {
            throw Invalid("-BandwidthSchedule cannot be combined with -ClearBandwidthSchedule; -BandwidthSchedule replaces the schedule set.");
        }

        IReadOnlyList<BandwidthRule>? schedule = clearBandwidthSchedule ? [] : null;
        if (bandwidthSchedule is not null)
        {
            if (!BandwidthSchedule.TryParse(bandwidthSchedule, out var rules, out var error))
            {
                throw Invalid($"-BandwidthSchedule: {error}.");
            }

            schedule = rules;
        }

        var change = new HostPolicyChange
        {
            BackgroundBandwidth = backgroundBandwidth,
            MaxActiveJobs = maxActiveJobs,
            MaxFilesPerJob = maxFilesPerJob,
            MaxJobsPerUser = maxJobsPerUser,
            MaxConnectionsPerFile = maxConnectionsPerFile,
            NetworkCostOverride = networkCost,
            BandwidthSchedule = schedule,
        };
        return change == new HostPolicyChange()
            ? throw Invalid("Nothing to change: give -BackgroundBandwidth, -MaxActiveJobs, -MaxFilesPerJob, -MaxJobsPerUser, -MaxConnectionsPerFile, -NetworkCost, -BandwidthSchedule or -ClearBandwidthSchedule.")
            : HostPolicyRules.Problem(change) is { } problem ? throw Invalid(problem) : change;
    }

    private static TransferException Invalid(string message) => new(TransferErrorCode.InvalidArgument, message);
}
