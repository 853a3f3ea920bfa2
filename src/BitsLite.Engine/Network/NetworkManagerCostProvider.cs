using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Engine.Network;

/// <summary>
/// Asks NetworkManager, through <c>nmcli</c>, whether the network is metered. The rule: among the connected devices
/// that carry a default route (an IPv4 or IPv6 gateway, or a route to 0.0.0.0/0 or ::/0), the network is
/// <see cref="NetworkCost.Metered"/> if any of them is metered ("yes" or "yes (guessed)"), else <see cref="NetworkCost.Unmetered"/>
/// if any of them is not ("no" or "no (guessed)"), else <see cref="NetworkCost.Unknown"/>: all of them say "unknown",
/// no device has a default route, nmcli is missing or fails, NetworkManager does not run, or the output makes no sense.
/// </summary>
/// <remarks>
/// "Any" rather than "the primary one": a VPN's tunnel has no metered flag of its own ("unknown"), while the Wi-Fi it
/// runs over (say, a phone's hotspot) has one; both carry a default route, so the one that knows decides, and a metered
/// one wins.
/// </remarks>
public sealed class NetworkManagerCostProvider : INetworkCostProvider
{
    /// <summary>What nmcli is asked: terse "FIELD:value" lines, one block per device, blocks separated by an empty line.</summary>
    internal static readonly string[] NmcliArguments =
    [
        "--terse", "--escape", "yes",
        "--fields", "GENERAL.DEVICE,GENERAL.STATE,GENERAL.METERED,IP4.GATEWAY,IP4.ROUTE,IP6.GATEWAY,IP6.ROUTE",
        "device", "show",
    ];

    // NM_DEVICE_STATE_ACTIVATED: "100 (connected)", or "100 (connected (externally))" for one NetworkManager did not set up.
    private const int ConnectedState = 100;

    private readonly string _nmcli;
    private readonly TimeSpan _timeout;

    /// <param name="nmcli">The program to run; default <c>nmcli</c> from the PATH.</param>
    /// <param name="timeout">How long nmcli may take before it is killed and the answer is Unknown; default 5 s.</param>
    public NetworkManagerCostProvider(string nmcli = "nmcli", TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nmcli);
        _nmcli = nmcli;
        _timeout = timeout ?? TimeSpan.FromSeconds(5);
    }

    /// <inheritdoc/>
    public async ValueTask<NetworkCost> GetCostAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_nmcli)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in NmcliArguments)
        {
            start.ArgumentList.Add(argument);
        }

        // nmcli translates its values ("oui (deviné)"); the parser reads the C locale's words.
        start.Environment["LC_ALL"] = "C";
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Exception ex) when (ex is Win32Exception or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // No nmcli (no NetworkManager here): nothing to ask.
            return NetworkCost.Unknown;
        }

        if (process is null)
        {
            return NetworkCost.Unknown;
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            try
            {
                process.StandardInput.Close();
                var error = DrainAsync(process.StandardError, timeout.Token);
                var output = await process.StandardOutput.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
                await error.ConfigureAwait(false);
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                return process.ExitCode == 0 ? Parse(output) : NetworkCost.Unknown;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
            {
                Kill(process);
                cancellationToken.ThrowIfCancellationRequested();
                return NetworkCost.Unknown;
            }
        }
    }

    /// <summary>Reads the output of nmcli with <see cref="NmcliArguments"/> by the rule in the class summary.</summary>
    internal static NetworkCost Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var verdicts = new List<Metered>();
        Device? device = null;
        foreach (var rawLine in output.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                Close();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var field = line[..colon];
            var bracket = field.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                field = field[..bracket];
            }

            var value = Unescape(line[(colon + 1)..]).Trim();
            if (field == "GENERAL.DEVICE")
            {
                // A new block even if nmcli left out the empty line between two devices.
                Close();
                device = new Device();
                continue;
            }

            device ??= new Device();
            switch (field)
            {
                case "GENERAL.STATE":
                    device.State = ParseState(value);
                    break;
                case "GENERAL.METERED":
                    device.Metered = ParseMetered(value);
                    break;
                case "IP4.GATEWAY" or "IP6.GATEWAY":
                    device.DefaultRoute |= value.Length > 0 && value != "--";
                    break;
                case "IP4.ROUTE" or "IP6.ROUTE":
                    device.DefaultRoute |= IsDefaultRoute(value);
                    break;
                default:
                    break;
            }
        }

        Close();
        if (verdicts.Contains(Metered.Yes))
        {
            return NetworkCost.Metered;
        }

        return verdicts.Contains(Metered.No) ? NetworkCost.Unmetered : NetworkCost.Unknown;

        void Close()
        {
            // Only connected devices with a default route carry the traffic that matters.
            if (device is { DefaultRoute: true } && device.State is null or ConnectedState)
            {
                verdicts.Add(device.Metered);
            }

            device = null;
        }
    }

    private static int? ParseState(string value)
    {
        var end = value.IndexOf(' ', StringComparison.Ordinal);
        return int.TryParse(end < 0 ? value : value[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var state) ? state : -1;
    }

    private static Metered ParseMetered(string value) => value switch
    {
        "yes" or "yes (guessed)" => Metered.Yes,
        "no" or "no (guessed)" => Metered.No,
        _ => Metered.Unknown,
    };

    /// <summary>nmcli writes routes as "dst = 0.0.0.0/0, nh = 192.168.1.1, mt = 600".</summary>
    private static bool IsDefaultRoute(string value)
    {
        foreach (var part in value.Split(','))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length == 2 && pair[0] == "dst" && pair[1] is "0.0.0.0/0" or "::/0")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Terse mode escapes ':' and '\' in values with a backslash.</summary>
    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
            }

            result.Append(value[i]);
        }

        return result.ToString();
    }

    private static async Task DrainAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Whatever nmcli complains about, the exit code says it failed.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    private enum Metered
    {
        Unknown,
        Yes,
        No,
    }

    private sealed class Device
    {
        public int? State { get; set; }

        public Metered Metered { get; set; }

        public bool DefaultRoute { get; set; }
    }
}
