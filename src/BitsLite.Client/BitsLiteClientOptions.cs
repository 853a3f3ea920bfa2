using BitsLite.Protocol.Locations;

namespace BitsLite.Client;

/// <summary>How a <see cref="BitsLiteClient"/> finds, starts and talks to the host.</summary>
public sealed record BitsLiteClientOptions
{
    /// <summary>Where the host keeps its socket, database and log; by default the current user's (honouring BITSLITE_HOME).</summary>
    public BitsLitePaths Paths { get; init; } = BitsLitePaths.ForCurrentUser();

    /// <summary>A name and version for the host's log, e.g. "bitslite-cli/0.1.0".</summary>
    public string ClientName { get; init; } = "bitslite-client/" + typeof(BitsLiteClientOptions).Assembly.GetName().Version?.ToString(3);

    /// <summary>Start a host when none answers. Turn off to only inspect (e.g. "is a host running?").</summary>
    public bool AutoStart { get; init; } = true;

    /// <summary>How long to wait for a newly started host to answer.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The clock the start timeout runs on.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How long a host this client starts stays up with no client and no active job; <see langword="null"/> leaves it to
    /// the host (BITSLITE_IDLE_TIMEOUT, else 5 minutes); <see cref="TimeSpan.Zero"/> means it never exits by itself.
    /// </summary>
    public TimeSpan? HostIdleTimeout { get; init; }

    /// <summary>
    /// The host executable (an apphost, or a .dll run with dotnet). By default BITSLITE_HOST_PATH, else
    /// <c>bitslite-host</c> beside this assembly.
    /// </summary>
    public string? HostPath { get; init; }
}
