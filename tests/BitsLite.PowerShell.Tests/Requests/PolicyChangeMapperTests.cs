using BitsLite.PowerShell.Requests;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;

namespace BitsLite.PowerShell.Tests.Requests;

public sealed class PolicyChangeMapperTests
{
    [Fact]
    public void ToChange_MapsTheGivenParameters_AndLeavesTheOthersNull()
    {
        var change = PolicyChangeMapper.ToChange(1_048_576, null, NetworkCostOverride.Metered, null, clearBandwidthSchedule: false);

        Assert.Equal(new HostPolicyChange { BackgroundBandwidth = 1_048_576, NetworkCostOverride = NetworkCostOverride.Metered }, change);
    }

    [Fact]
    public void ToChange_ParsesTheBandwidthSchedule()
    {
        var change = PolicyChangeMapper.ToChange(null, null, null, "Mon-Fri 08:00-17:00 1M; Sat,Sun 10:00-12:00 0", clearBandwidthSchedule: false);

        Assert.Equal(
            [
                new BandwidthRule { Days = ScheduleDays.Weekdays, Start = TimeSpan.FromHours(8), End = TimeSpan.FromHours(17), Limit = 1_048_576 },
                new BandwidthRule { Days = ScheduleDays.Weekend, Start = TimeSpan.FromHours(10), End = TimeSpan.FromHours(12), Limit = 0 },
            ],
            change.BandwidthSchedule);
        Assert.Null(change.BackgroundBandwidth);
    }

    [Fact]
    public void ToChange_ClearBandwidthSchedule_SendsAnEmptySchedule()
    {
        var change = PolicyChangeMapper.ToChange(null, 8, null, null, clearBandwidthSchedule: true);

        Assert.NotNull(change.BandwidthSchedule);
        Assert.Empty(change.BandwidthSchedule);
        Assert.Equal(8, change.MaxActiveJobs);
    }

    [Fact]
    public void ToChange_ABadSchedule_IsInvalidArgument_NamingTheParameterAndTheRule()
    {
        var ex = Assert.Throws<TransferException>(() => PolicyChangeMapper.ToChange(null, null, null, "Mon-Fri 08:00-17:00 1M; Sat 10:00 256k", clearBandwidthSchedule: false));

        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        Assert.StartsWith("-BandwidthSchedule: rule 2 ('Sat 10:00 256k'): no time window", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToChange_ScheduleAndClear_AreRefusedTogether()
    {
        var ex = Assert.Throws<TransferException>(() => PolicyChangeMapper.ToChange(null, null, null, "Mon 08:00-09:00 0", clearBandwidthSchedule: true));

        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        Assert.Contains("-ClearBandwidthSchedule", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToChange_WithNothingGiven_IsRefused_NamingEveryParameter()
    {
        var ex = Assert.Throws<TransferException>(() => PolicyChangeMapper.ToChange(null, null, null, null, clearBandwidthSchedule: false));

        Assert.Equal("Nothing to change: give -BackgroundBandwidth, -MaxActiveJobs, -MaxFilesPerJob, -MaxJobsPerUser, -MaxConnectionsPerFile, -NetworkCost, -BandwidthSchedule or -ClearBandwidthSchedule.", ex.Message);
    }
}
