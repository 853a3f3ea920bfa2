using System.Text.Json;
using BitsLite.Cli.Output;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Cli.Tests.Output;

public class HostPolicyViewTests
{
    private static readonly HostPolicy Scheduled = new()
    {
        BackgroundBandwidth = 4 * 1024 * 1024,
        BandwidthSchedule = BandwidthSchedule.Parse("Mon-Fri 08:00-17:00 1M; Sat,Sun 10:00-12:00 0"),
        EffectiveBackgroundBandwidth = 1024 * 1024,
        EffectiveBackgroundBandwidthUntil = new DateTimeOffset(2026, 1, 5, 17, 0, 0, TimeSpan.FromHours(1)),
        MaxActiveJobs = 4,
        MaxFilesPerJob = 1000,
        MaxJobsPerUser = 300,
        MaxConnectionsPerFile = 8,
    };

    [Fact]
    public void ASchedule_IsShownOneRuleALine_WithTheLimitInForce_AndUntilWhen()
    {
        var text = HostPolicyView.Render(Scheduled);

        var n = Environment.NewLine;
        Assert.Equal(
            $"Background bandwidth: 4.00 MiB/s{n}"
            + $"Bandwidth schedule:   Mon-Fri 08:00-17:00 1M{n}"
            + $"                      Sat,Sun 10:00-12:00 0{n}"
            + $"In force now:         1.00 MiB/s until Mon 17:00{n}"
            + $"Max active jobs:      4{n}"
            + $"Max files per job:    1,000{n}"
            + $"Max jobs per user:    300{n}"
            + $"Max connections/file: 8{n}"
            + $"Network cost:         auto: unknown (counts as unmetered){n}",
            text);
    }

    [Fact]
    public void WithoutASchedule_TheViewSaysSo_AndShowsNoLimitInForce()
    {
        var text = HostPolicyView.Render(new HostPolicy { MaxActiveJobs = 4, BackgroundBandwidth = 1000, EffectiveBackgroundBandwidth = 1000 });

        Assert.Contains("Bandwidth schedule:   none", text, StringComparison.Ordinal);
        Assert.DoesNotContain("In force now", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AHeldOrUnlimitedWindow_ReadsAsSuch()
    {
        Assert.Equal("0 (background jobs wait) until Sat 12:00", HostPolicyView.InForce(Scheduled with
        {
            EffectiveBackgroundBandwidth = 0,
            EffectiveBackgroundBandwidthUntil = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.FromHours(1)),
        }));
        Assert.Equal("none", HostPolicyView.InForce(Scheduled with { EffectiveBackgroundBandwidth = null, EffectiveBackgroundBandwidthUntil = null }));
    }

    [Fact]
    public void TheJson_CarriesTheRulesAndTheLimitInForce()
    {
        using var json = JsonDocument.Parse(JsonOutput.Policy(Scheduled));
        var root = json.RootElement;

        var first = root.GetProperty("bandwidthSchedule")[0];
        Assert.Equal("Weekdays", first.GetProperty("days").GetString());
        Assert.Equal("08:00:00", first.GetProperty("start").GetString());
        Assert.Equal("17:00:00", first.GetProperty("end").GetString());
        Assert.Equal(1_048_576, first.GetProperty("limit").GetInt64());
        Assert.Equal(0, root.GetProperty("bandwidthSchedule")[1].GetProperty("limit").GetInt64());
        Assert.Equal(1_048_576, root.GetProperty("effectiveBackgroundBandwidth").GetInt64());
        Assert.Equal("2026-01-05T17:00:00+01:00", root.GetProperty("effectiveBackgroundBandwidthUntil").GetString());
    }
}
