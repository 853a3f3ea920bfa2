using System.Globalization;
using System.Text;

namespace BitsLite.Cli.Output;

/// <summary>The text of <c>bitslite host status</c>.</summary>
internal static class HostStatusView
{
    private const int LabelWidth = 18;

    public static string Render(HostStatusReport report, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(zone);
        if (report.Host is not { } host)
        {
            return $"The BitsLite host is not running (socket '{report.Socket}'). Any command that needs it starts it; so does 'bitslite host start'.{Environment.NewLine}";
        }

        var text = new StringBuilder();
        void Line(string label, string value) =>
            text.Append((label + ":").PadRight(LabelWidth)).Append(value).Append(Environment.NewLine);

        Line("State", "running");
        Line("Process id", host.ProcessId.ToString(CultureInfo.InvariantCulture));
        Line("Version", host.Version);
        Line("Protocol", host.Protocol.ToString(CultureInfo.InvariantCulture));
        Line("Started", $"{TransferText.Time(host.StartTime, zone)} (up {DurationFormatter.FormatApproximate(now - host.StartTime)})");
        Line("Active transfers", host.ActiveTransfers.ToString(CultureInfo.InvariantCulture));
        Line("Live transfers", host.LiveTransfers.ToString(CultureInfo.InvariantCulture));
        Line("Clients", host.Clients.ToString(CultureInfo.InvariantCulture));
        Line("Idle timeout", host.IdleTimeout is { } idle ? DurationFormatter.Format(idle) : "none (never exits by itself)");
        Line("Data root", host.DataRoot);
        Line("Database", host.Database);
        Line("Log", host.LogFile);
        Line("Socket", host.Socket);
        return text.ToString();
    }
}
