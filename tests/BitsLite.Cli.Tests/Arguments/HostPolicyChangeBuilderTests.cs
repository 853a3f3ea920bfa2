using BitsLite.Cli.Arguments;
using BitsLite.Cli.Errors;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Cli.Tests.Arguments;

public class HostPolicyChangeBuilderTests
{
    [Fact]
    public void ASchedule_IsPassedOnAsItsRules()
    {
        var rules = BandwidthSchedule.Parse("Mon-Fri 08:00-17:00 1M");

        var change = HostPolicyChangeBuilder.Build(null, null, schedule: rules);

        Assert.Same(rules, change.BandwidthSchedule);
        Assert.Null(change.BackgroundBandwidth);
    }

    [Fact]
    public void ClearingTheSchedule_SendsAnEmptyOne()
    {
        var change = HostPolicyChangeBuilder.Build(null, null, clearSchedule: true);

        Assert.NotNull(change.BandwidthSchedule);
        Assert.Empty(change.BandwidthSchedule);
    }

    [Fact]
    public void AScheduleAndClearingItTogether_IsAUsageError()
    {
        var ex = Assert.Throws<CliException>(() => HostPolicyChangeBuilder.Build(null, null, schedule: BandwidthSchedule.Parse("Mon 08:00-09:00 0"), clearSchedule: true));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains("--schedule and --clear-schedule cannot be used together", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyChange_NamesTheScheduleOptionsToo()
    {
        var ex = Assert.Throws<CliException>(() => HostPolicyChangeBuilder.Build(null, null));

        Assert.Contains("--schedule and/or --clear-schedule", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("65536")]
    [InlineData("500k")]
    [InlineData("500KB")]
    [InlineData("500KiB")]
    [InlineData("2M")]
    [InlineData("2M/s")]
    [InlineData("1.5MB")]
    [InlineData("1G")]
    [InlineData("1T")]
    public void ScheduleLimits_ReadLikeEveryOtherSizeOfTheCli(string size)
    {
        Assert.True(ByteSizeParser.TryParse(size, out var bytes, out var error), error);

        var rule = Assert.Single(BandwidthSchedule.Parse($"Mon 08:00-09:00 {size}"));

        Assert.Equal(bytes, rule.Limit);
    }

    [Fact]
    public void PolicyChanges_NeedSomethingInRange()
    {
        Assert.Throws<CliException>(() => HostPolicyChangeBuilder.Build(null, null));
        Assert.Throws<CliException>(() => HostPolicyChangeBuilder.Build(null, 0));
        Assert.Throws<CliException>(() => HostPolicyChangeBuilder.Build(null, 65));
        var change = HostPolicyChangeBuilder.Build(0, 8);
        Assert.Equal(0, change.BackgroundBandwidth);
        Assert.Equal(8, change.MaxActiveJobs);
        Assert.Null(change.NetworkCostOverride);
        Assert.Equal(new HostPolicyChange { NetworkCostOverride = NetworkCostOverride.Auto }, HostPolicyChangeBuilder.Build(null, null, NetworkCostOverride.Auto));
    }

    [Theory]
    [InlineData("auto", NetworkCostOverride.Auto)]
    [InlineData("Metered", NetworkCostOverride.Metered)]
    [InlineData(" UNMETERED ", NetworkCostOverride.Unmetered)]
    public void NetworkCostNames_ParseInAnyCase(string text, NetworkCostOverride expected)
    {
        Assert.True(HostPolicyChangeBuilder.TryParseNetworkCost(text, out var parsed, out var error), error);
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("wifi")]
    public void OtherNetworkCosts_AreRefused_WithTheNames(string text)
    {
        Assert.False(HostPolicyChangeBuilder.TryParseNetworkCost(text, out _, out var error));
        Assert.Contains("auto|metered|unmetered", error, StringComparison.Ordinal);
    }
}
