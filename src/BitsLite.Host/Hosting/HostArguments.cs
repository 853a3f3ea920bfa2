using System.Globalization;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Host.Hosting;

/// <summary>
/// The host's command line: <c>bitslite-host [--started-by-client] [--idle-timeout SECONDS]</c>.
/// A host started by a client exits after <see cref="DefaultIdleTimeout"/> with nothing to do (BITSLITE_IDLE_TIMEOUT
/// or --idle-timeout change it; 0 means never); a host started any other way (logon registration, by hand) never does.
/// </summary>
internal sealed record HostArguments
{
    public const string IdleTimeoutVariable = "BITSLITE_IDLE_TIMEOUT";

    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(5);

    public bool StartedByClient { get; init; }

    /// <summary>How long to stay up with no client and no active job, or <see langword="null"/> for ever.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>The back-off of background downloads, from the environment (<see cref="BackoffVariables"/>).</summary>
    public BitsLite.Engine.Throttling.BackgroundBackoffOptions Backoff { get; init; } = new();

    /// <summary>What clients' connections may take, from the environment (<see cref="ConnectionLimits"/>).</summary>
    public ConnectionLimits Connections { get; init; } = new();

    /// <exception cref="FormatException">An unknown argument or a bad number; the message says which.</exception>
    public static HostArguments Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var startedByClient = false;
        string? idle = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case HostCommandLine.StartedByClient:
                    startedByClient = true;
                    break;
                case HostCommandLine.IdleTimeout:
                    idle = i + 1 < args.Count ? args[++i] : throw new FormatException($"{HostCommandLine.IdleTimeout} needs a number of seconds (0 = never).");
                    break;
                default:
                    throw new FormatException($"Unknown argument '{args[i]}'. Usage: bitslite-host [--started-by-client] [--idle-timeout SECONDS] | register | unregister | registration | --version");
            }
        }

        // The variable is for hosts that clients start; a registered or hand-started host never exits by itself unless told on its command line.
        idle ??= startedByClient ? environment(IdleTimeoutVariable) : null;
        TimeSpan? timeout = startedByClient ? DefaultIdleTimeout : null;
        if (idle is not null)
        {
            if (!double.TryParse(idle, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                throw new FormatException($"The idle timeout must be a number of seconds (0 = never), not '{idle}'.");
            }

            timeout = seconds == 0 ? null : TimeSpan.FromSeconds(seconds);
        }

        return new HostArguments
        {
            StartedByClient = startedByClient,
            IdleTimeout = timeout,
            Backoff = BackoffVariables.Parse(environment),
            Connections = ConnectionLimits.Parse(environment),
        };
    }
}
