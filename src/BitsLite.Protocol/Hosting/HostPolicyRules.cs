using System.Globalization;

namespace BitsLite.Protocol.Hosting;

/// <summary>
/// The defaults and ranges of the policy's limits on jobs, in one place for the host and every front end: the defaults
/// are BITS's, and the ceilings keep a typo from lifting a limit out of sight.
/// </summary>
public static class HostPolicyRules
{
    /// <summary>Files per job unless an administrator changes it: 200, as in BITS.</summary>
    public const int DefaultMaxFilesPerJob = 200;

    /// <summary>
    /// The highest files-per-job limit that can be set: a job travels whole in replies and progress events, and at about
    /// 300 bytes a file 10,000 files stay a few MB, well inside a frame (16 MiB) and a request (4 MiB).
    /// </summary>
    public const int MaxFilesPerJobLimit = 10_000;

    /// <summary>Live jobs per user unless an administrator changes it: 300 (BITS allows 300 per machine).</summary>
    public const int DefaultMaxJobsPerUser = 300;

    /// <summary>The highest jobs-per-user limit that can be set: the host keeps every live job in memory, and is measured with 100,000.</summary>
    public const int MaxJobsPerUserLimit = 100_000;

    /// <summary>
    /// Connections per file unless an administrator changes it: 8, twice a job's default
    /// (<see cref="Options.TransferOptionRules.DefaultConnections"/>), so a job may ask for more before the policy says no.
    /// </summary>
    public const int DefaultMaxConnectionsPerFile = 8;

    /// <summary>The highest connections-per-file limit that can be set (<see cref="Options.TransferOptionRules.MaxConnections"/>).</summary>
    public const int MaxConnectionsPerFileLimit = Options.TransferOptionRules.MaxConnections;

    /// <summary>The first of <paramref name="change"/>'s limits that is out of range, said for people; <see langword="null"/> when none is.</summary>
    public static string? Problem(HostPolicyChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.MaxFilesPerJob is { } files && OutOfRange(files, MaxFilesPerJobLimit))
        {
            return $"MaxFilesPerJob must be between 1 and {Number(MaxFilesPerJobLimit)}, not {Number(files)}.";
        }

        if (change.MaxJobsPerUser is { } jobs && OutOfRange(jobs, MaxJobsPerUserLimit))
        {
            return $"MaxJobsPerUser must be between 1 and {Number(MaxJobsPerUserLimit)}, not {Number(jobs)}.";
        }

        if (change.MaxConnectionsPerFile is { } connections && OutOfRange(connections, MaxConnectionsPerFileLimit))
        {
            return $"MaxConnectionsPerFile must be between 1 and {Number(MaxConnectionsPerFileLimit)}, not {Number(connections)}.";
        }

        return null;
    }

    private static bool OutOfRange(int value, int limit) => value < 1 || value > limit;

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
