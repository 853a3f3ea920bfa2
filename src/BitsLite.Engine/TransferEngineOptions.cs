using BitsLite.Engine.Network;
using BitsLite.Engine.Retry;
using BitsLite.Engine.Throttling;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Engine;

/// <summary>Settings of a <see cref="TransferEngine"/>. Defaults follow Windows BITS where it has one.</summary>
public sealed record TransferEngineOptions
{
    /// <summary>The SQLite job database. Its directory is created (owner-only) if missing. Required.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>How many jobs may transfer at once. Default 4.</summary>
    public int MaxActiveJobs { get; init; } = 4;

    /// <summary>The shared limit for all background (non-Foreground) jobs in bytes per second; <see langword="null"/> (default) for none.</summary>
    public long? BackgroundBandwidth { get; init; }

    /// <summary>The LEDBAT-style back-off of Normal and Low priority downloads (see <see cref="BackgroundBackoffOptions"/>). Default on, 25 ms target.</summary>
    public BackgroundBackoffOptions BackgroundBackoff { get; init; } = new();

    /// <summary>How often progress is flushed to disk and recorded; a crash re-downloads at most this much per active file. Default 2 s.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Most live (not Acknowledged or Cancelled) jobs one owner may have, until the host policy's MaxJobsPerUser is set
    /// (<see cref="TransferEngine.SetPolicyAsync"/>, saved in the store), which then wins. Default 300; at most 100,000.
    /// </summary>
    public int MaxJobsPerOwner { get; init; } = HostPolicyRules.DefaultMaxJobsPerUser;

    /// <summary>
    /// Most files one job may have, until the host policy's MaxFilesPerJob is set (saved in the store), which then wins.
    /// Default 200, as in BITS; at most 10,000.
    /// </summary>
    public int MaxFilesPerJob { get; init; } = HostPolicyRules.DefaultMaxFilesPerJob;

    /// <summary>
    /// Most connections one file of a Foreground or High job may use, until the host policy's MaxConnectionsPerFile is set
    /// (saved in the store), which then wins. Default 8; at most 16.
    /// </summary>
    public int MaxConnectionsPerFile { get; init; } = HostPolicyRules.DefaultMaxConnectionsPerFile;

    /// <summary>The smallest segment of a file fetched over several connections. Default 4 MiB (tests lower it to keep their files small).</summary>
    public long MinSegmentSize { get; init; } = Protocol.Options.TransferOptionRules.MinSegmentSize;

    /// <summary>Live jobs unchanged for this long are cancelled and their temporary files deleted. Default 90 days.</summary>
    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How often the inactivity sweep runs. Default 1 hour.</summary>
    public TimeSpan ExpirySweepInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Default minimum retry delay for new jobs. Default 600 s.</summary>
    public TimeSpan DefaultRetryInterval { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Default no-progress timeout for new jobs. Default 14 days.</summary>
    public TimeSpan DefaultRetryTimeout { get; init; } = TimeSpan.FromDays(14);

    /// <summary>The smallest retry delay accepted, and the floor applied to a server's Retry-After. Default 5 s (the BITS API minimum).</summary>
    public TimeSpan MinimumRetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The quick reconnects a download gets before its RetryInterval (see <see cref="QuickReconnectOptions"/>): at once
    /// after a lost connection that had carried bytes, then with a back-off from 0.5 s; at most 4 in an outage, all
    /// within 10 s of its first failure. <see cref="QuickReconnectOptions.Off"/> for BITS's behaviour alone.
    /// </summary>
    public QuickReconnectOptions QuickReconnect { get; init; } = new();

    /// <summary>Most redirects followed for one request. Default 10.</summary>
    public int MaxRedirects { get; init; } = 10;

    /// <summary>Time allowed to establish a connection. Default 30 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed with no response headers or no body bytes before the attempt fails as transient. Default 60 s.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The most bytes one BITS upload Fragment carries. Each fragment waits for the server's Ack (which is checkpointed),
    /// so fragments start at 8 MiB and grow to about one second's worth at the rate the upload goes, up to this; a
    /// server that keeps the bytes of a broken fragment loses none of them, another loses at most one fragment.
    /// Default 256 MiB (set it below a proxy's or IIS's request size limit, though a 413 halves it by itself).
    /// </summary>
    public long UploadFragmentSize { get; init; } = 256L * 1024 * 1024;

    /// <summary>The owner recorded for jobs that name none. Default the current user name.</summary>
    public string DefaultOwner { get; init; } = Environment.UserName;

    /// <summary>The clock; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Tells whether the network is metered, for jobs whose transfer policy is Unmetered. Default NetworkManager
    /// (<c>nmcli</c>) on Linux, and a provider that always answers Unknown elsewhere.
    /// </summary>
    public INetworkCostProvider NetworkCostProvider { get; init; } = NetworkCostProviders.ForThisSystem();

    /// <summary>
    /// How often the network's cost is asked while a job waits for an unmetered network or runs only on one. Default 30 s.
    /// With no such job, it is asked only when the policy is read.
    /// </summary>
    public TimeSpan NetworkCostCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Tells the engine when the network changes, so that jobs waiting out their retry interval after a network failure
    /// (refused, reset or timed-out connections; not an HTTP error) retry at once. Default none: they wait the interval.
    /// The host passes a <see cref="SystemNetworkChangeSource"/>.
    /// </summary>
    public INetworkChangeSource? NetworkChangeSource { get; init; }

    /// <summary>How long after the first of a burst of network changes those jobs retry. Default 2 s.</summary>
    public TimeSpan NetworkChangeDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Receives what happens outside any job's state: notification programs started, failed to start, or failed.
    /// Called on any thread; it must not throw or block. Default none.
    /// </summary>
    public Action<EngineLogLevel, string>? Log { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DatabasePath);
        ArgumentNullException.ThrowIfNull(NetworkCostProvider);
        ArgumentNullException.ThrowIfNull(BackgroundBackoff);
        BackgroundBackoff.Validate();
        ArgumentNullException.ThrowIfNull(QuickReconnect);
        QuickReconnect.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxActiveJobs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxJobsPerOwner, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxJobsPerOwner, HostPolicyRules.MaxJobsPerUserLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFilesPerJob, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFilesPerJob, HostPolicyRules.MaxFilesPerJobLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnectionsPerFile, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxConnectionsPerFile, HostPolicyRules.MaxConnectionsPerFileLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSegmentSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRedirects, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(UploadFragmentSize, 1);
        if (BackgroundBandwidth is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BackgroundBandwidth), "Use null for no limit; a limit must be positive.");
        }

        foreach (var (name, value) in new[]
        {
            (nameof(CheckpointInterval), CheckpointInterval), (nameof(InactivityTimeout), InactivityTimeout),
            (nameof(ExpirySweepInterval), ExpirySweepInterval), (nameof(ConnectTimeout), ConnectTimeout),
            (nameof(StallTimeout), StallTimeout), (nameof(MinimumRetryInterval), MinimumRetryInterval),
            (nameof(NetworkCostCheckInterval), NetworkCostCheckInterval), (nameof(NetworkChangeDelay), NetworkChangeDelay),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, "Must be positive.");
            }
        }

        if (DefaultRetryInterval < MinimumRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultRetryInterval), DefaultRetryInterval, $"Must be at least {nameof(MinimumRetryInterval)}.");
        }
    }
}
