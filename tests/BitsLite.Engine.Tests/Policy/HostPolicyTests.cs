using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Engine.Tests.Policy;

public class HostPolicyTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.StartAsync(o => o with { MaxActiveJobs = 3, BackgroundBandwidth = 5000 });

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void WithNothingSaved_TheOptionsAreThePolicy() =>
        Assert.Equal(new HostPolicy { MaxActiveJobs = 3, BackgroundBandwidth = 5000 }, _harness.Engine.Policy);

    [Fact]
    public async Task AChangedPolicy_IsSaved_AndWinsOverTheOptionsAfterARestart()
    {
        var changed = await _harness.Engine.SetPolicyAsync(new HostPolicyChange { BackgroundBandwidth = 0, MaxActiveJobs = 7 });
        await _harness.CloseAsync();
        await _harness.OpenAsync();

        Assert.Equal(new HostPolicy { MaxActiveJobs = 7, BackgroundBandwidth = null }, changed);
        Assert.Equal(changed, _harness.Engine.Policy);
    }

    [Fact]
    public async Task APartialChange_KeepsTheOtherValue()
    {
        await _harness.Engine.SetPolicyAsync(new HostPolicyChange { BackgroundBandwidth = 123_456 });

        Assert.Equal(new HostPolicy { MaxActiveJobs = 3, BackgroundBandwidth = 123_456 }, _harness.Engine.Policy);
    }

    [Theory]
    [InlineData(-1L, null)]
    [InlineData(null, 0)]
    [InlineData(null, 65)]
    [InlineData(1000L, -2)]
    public async Task OutOfRangeValues_AreRefused_AndNothingIsSaved(long? bandwidth, int? slots)
    {
        var ex = await Assert.ThrowsAsync<TransferException>(() =>
            _harness.Engine.SetPolicyAsync(new HostPolicyChange { BackgroundBandwidth = bandwidth, MaxActiveJobs = slots }));
        await _harness.CloseAsync();
        await _harness.OpenAsync();

        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        Assert.Equal(new HostPolicy { MaxActiveJobs = 3, BackgroundBandwidth = 5000 }, _harness.Engine.Policy);
    }
}
