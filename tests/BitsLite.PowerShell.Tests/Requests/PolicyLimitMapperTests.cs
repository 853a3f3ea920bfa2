using BitsLite.PowerShell.Requests;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;

namespace BitsLite.PowerShell.Tests.Requests;

/// <summary>Set-TransferPolicy -MaxFilesPerJob and -MaxJobsPerUser, as the mapper turns them into a change.</summary>
public sealed class PolicyLimitMapperTests
{
    [Fact]
    public void ToChange_CarriesBothLimits_AndNothingElse()
    {
        var change = PolicyChangeMapper.ToChange(null, null, null, null, clearBandwidthSchedule: false, maxFilesPerJob: 1000, maxJobsPerUser: 2000);

        Assert.Equal(new HostPolicyChange { MaxFilesPerJob = 1000, MaxJobsPerUser = 2000 }, change);
    }

    [Fact]
    public void ToChange_WithOnlyOneLimit_IsAChange()
    {
        var change = PolicyChangeMapper.ToChange(null, null, null, null, clearBandwidthSchedule: false, maxJobsPerUser: 301);

        Assert.Equal(new HostPolicyChange { MaxJobsPerUser = 301 }, change);
    }

    [Fact]
    public void ToChange_CarriesTheConnectionsPerFile_AndRefusesThemOutOfRange()
    {
        Assert.Equal(new HostPolicyChange { MaxConnectionsPerFile = 2 }, PolicyChangeMapper.ToChange(null, null, null, null, clearBandwidthSchedule: false, maxConnectionsPerFile: 2));

        var ex = Assert.Throws<TransferException>(() => PolicyChangeMapper.ToChange(null, null, null, null, clearBandwidthSchedule: false, maxConnectionsPerFile: 17));
        Assert.Equal("MaxConnectionsPerFile must be between 1 and 16, not 17.", ex.Message);
    }

    [Fact]
    public void ToChange_WithALimitOutOfRange_IsRefusedByTheSharedRule()
    {
        var ex = Assert.Throws<TransferException>(() => PolicyChangeMapper.ToChange(null, null, null, null, clearBandwidthSchedule: false, maxFilesPerJob: 10_001));

        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        Assert.Equal("MaxFilesPerJob must be between 1 and 10,000, not 10,001.", ex.Message);
    }
}
