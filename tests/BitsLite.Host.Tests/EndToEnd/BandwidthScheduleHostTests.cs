using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>The bandwidth schedule through the real host process: over the socket, saved, and refused when invalid.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BandwidthScheduleHostTests : IAsyncLifetime
{
    private readonly HostTestEnvironment _env = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task ASchedule_SurvivesAHostRestart_WithTheLimitInForce()
    {
        var schedule = BandwidthSchedule.Parse("Mon-Fri 08:00-17:00 1M; Sat,Sun 00:00-24:00 0");
        await using (var client = await _env.ConnectAsync())
        {
            var set = await client.SetPolicyAsync(new HostPolicyChange { BackgroundBandwidth = 250_000, BandwidthSchedule = schedule });
            Assert.Equal(schedule, set.BandwidthSchedule);
            await client.StopHostAsync();
        }

        await using var again = await _env.ConnectAsync();
        var policy = await again.GetPolicyAsync();

        Assert.Equal(schedule, policy.BandwidthSchedule);
        Assert.Contains(policy.EffectiveBackgroundBandwidth, new long?[] { 250_000, 1_048_576, 0 });
        Assert.NotNull(policy.EffectiveBackgroundBandwidthUntil);
        Assert.True(policy.EffectiveBackgroundBandwidthUntil > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task AnInvalidSchedule_IsRefusedByTheHost_WithInvalidArgument()
    {
        await using var client = await _env.ConnectAsync();
        var rule = new BandwidthRule { Days = ScheduleDays.None, Start = TimeSpan.FromHours(8), End = TimeSpan.FromHours(9) };

        var refused = await Assert.ThrowsAsync<TransferException>(() => client.SetPolicyAsync(new HostPolicyChange { BandwidthSchedule = [rule] }));

        Assert.Equal(TransferErrorCode.InvalidArgument, refused.Code);
        Assert.Equal("Bandwidth schedule rule 1: it has no days.", refused.Message);
    }
}
