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
        Assert.Equal(new HostPolicy { MaxFilesPerJob = 200, MaxJobsPerUser = 300, MaxConnectionsPerFile = 8, MaxActiveJobs = 3, BackgroundBandwidth = 5000, EffectiveBackgroundBandwidth = 5000 }, _harness.Engine.Policy);

    [Fact]
    public async Task AChangedPolicy_IsSaved_AndWinsOverTheOptionsAfterARestart()
    {
        var changed = await _harness.Engine.SetPolicyAsync(new HostPolicyChange { BackgroundBandwidth = 0, MaxActiveJobs = 7 });
        await _harness.CloseAsync();
        await _harness.OpenAsync();

        Assert.Equal(new HostPolicy { MaxFilesPerJob = 200, MaxJobsPerUser = 300, MaxConnectionsPerFile = 8, MaxActiveJobs = 7, BackgroundBandwidth = null }, changed);
        Assert.Equal(changed, _harness.Engine.Policy);
    }

    [Fact]
    public async Task APartialChange_KeepsTheOtherValue()
    {
        await _harness.Engine.SetPolicyAsync(new HostPolicyChange { BackgroundBandwidth = 123_456 });

        Assert.Equal(new HostPolicy { MaxFilesPerJob = 200, MaxJobsPerUser = 300, MaxConnectionsPerFile = 8, MaxActiveJobs = 3, BackgroundBandwidth = 123_456, EffectiveBackgroundBandwidth = 123_456 }, _harness.Engine.Policy);
    }

    [Fact]
    public async Task TheNetworkCostOverride_IsSaved_AndAutoRemovesIt()
    {
        Assert.Equal(NetworkCostOverride.Auto, _harness.Engine.Policy.NetworkCostOverride);

        var metered = await _harness.Engine.SetPolicyAsync(new HostPolicyChange { NetworkCostOverride = NetworkCostOverride.Metered });
        await _harness.CloseAsync();
        await _harness.OpenAsync();
        Assert.Equal(NetworkCostOverride.Metered, metered.NetworkCostOverride);
        Assert.Equal(new HostPolicy { MaxFilesPerJob = 200, MaxJobsPerUser = 300, MaxConnectionsPerFile = 8, MaxActiveJobs = 3, BackgroundBandwidth = 5000, EffectiveBackgroundBandwidth = 5000, NetworkCostOverride = NetworkCostOverride.Metered }, _harness.Engine.Policy);

        await _harness.Engine.SetPolicyAsync(new HostPolicyChange { NetworkCostOverride = NetworkCostOverride.Auto });
        await _harness.CloseAsync();
        await _harness.OpenAsync();
        Assert.Equal(NetworkCostOverride.Auto, _harness.Engine.Policy.NetworkCostOverride);
    }

    [Fact]
    public async Task AnUnknownNetworkCostOverride_IsRefused()
    {
        var ex = await Assert.ThrowsAsync<TransferException>(() =>
            _harness.Engine.SetPolicyAsync(new HostPolicyChange { NetworkCostOverride = (NetworkCostOverride)7, MaxActiveJobs = 5 }));

        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        Assert.Equal(3, _harness.Engine.Policy.MaxActiveJobs);
    }

    [Fact]
    public async Task ReadingThePolicy_AsksTheNetworkOnce_PerCheckInterval_WhateverTheOverride()
    {
        var network = new FakeNetworkCostProvider(NetworkCost.Metered);
        await using var harness = await EngineHarness.StartAsync(o => o with { NetworkCostProvider = network });
        await harness.Engine.SetPolicyAsync(new HostPolicyChange { NetworkCostOverride = NetworkCostOverride.Unmetered });
        Assert.Equal(NetworkCost.Unknown, harness.Engine.Policy.NetworkCost);

        var policy = await harness.Engine.GetPolicyAsync();
        await harness.Engine.GetPolicyAsync();

        Assert.Equal(NetworkCost.Metered, policy.NetworkCost);
        Assert.Equal(NetworkCostOverride.Unmetered, policy.NetworkCostOverride);
        Assert.Equal(1, network.Asked);
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
        Assert.Equal(new HostPolicy { MaxFilesPerJob = 200, MaxJobsPerUser = 300, MaxConnectionsPerFile = 8, MaxActiveJobs = 3, BackgroundBandwidth = 5000, EffectiveBackgroundBandwidth = 5000 }, _harness.Engine.Policy);
    }
}
