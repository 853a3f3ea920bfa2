using BitsLite.Client;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// A subscriber that falls behind loses the oldest events rather than slowing the host down; these tests check that
/// the loss is never silent: the host says on the next event how many it dropped, and the client counts what it drops
/// itself, exactly, so that a watch knows to read the jobs again.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LostEventsTests : IAsyncLifetime
{
    private readonly HostTestEnvironment _env = new();
    private BitsLiteClient _client = null!;

    public async Task InitializeAsync() => _client = await _env.ConnectAsync();

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _env.DisposeAsync();
    }

    [Fact]
    public async Task AConnectionThatStopsReading_LosesTheOldestEventsInTheHost_AndTheNextEventSaysHowMany()
    {
        const int Writers = 8;
        const int ChangesEach = 700;
        var jobs = new List<TransferInfo>();
        for (var i = 0; i < Writers; i++)
        {
            jobs.Add(await CreateSuspendedAsync($"host-drop-{i}.bin"));
        }

        // A subscriber that reads nothing: the socket fills, and then the host's queue for it (4,096 events).
        await using var stalled = await RawConnection.OpenWelcomedAsync(_env.Paths.Socket);
        await FrameCodec.WriteAsync(stalled, new Subscribe(1, null));
        Assert.IsType<SubscribedReply>(await FrameCodec.ReadAsync(stalled));

        await Task.WhenAll(jobs.Select(job => Task.Run(async () =>
        {
            await using var writer = await _env.ConnectAsync();
            for (var i = 0; i < ChangesEach; i++)
            {
                await writer.SetAsync(job.Id, new TransferOptionsPatch { Description = $"change {i}" });
            }

            await writer.CancelAsync(job.Id);
        })));

        long read = 0;
        long missed = 0;
        var cancelled = 0;
        while (cancelled < Writers)
        {
            var e = Assert.IsType<TransferEventMessage>(await FrameCodec.ReadAsync(stalled));
            read++;
            missed += e.Missed ?? 0;
            cancelled += e.Transfer.State == TransferState.Cancelled ? 1 : 0;
        }

        Assert.True(missed > 0, "the host dropped nothing; the test generated too few events");
        Assert.Equal(Writers * (ChangesEach + 1), read + missed);
    }

    [Fact]
    public async Task ASubscriptionNotRead_KeepsTheNewestEvents_AndCountsEveryOneItLost()
    {
        const int Changes = 1500;
        var job = await CreateSuspendedAsync("client-drop.bin");
        await using var subscription = await _client.SubscribeAsync(job.Id);

        await using (var writer = await _env.ConnectAsync())
        {
            for (var i = 0; i < Changes; i++)
            {
                await writer.SetAsync(job.Id, new TransferOptionsPatch { Description = $"change {i}" });
            }

            await writer.CancelAsync(job.Id);
        }

        long read = 0;
        TransferEventMessage e;
        do
        {
            e = await subscription.ReadAsync().WaitAsync(HostTestEnvironment.WaitTimeout);
            read++;
        }
        while (e.Transfer.State != TransferState.Cancelled);

        Assert.True(subscription.MissedEvents > 0);
        Assert.Equal(Changes + 1, read + subscription.MissedEvents);
    }

    private Task<TransferInfo> CreateSuspendedAsync(string name) => _client.CreateAsync(new TransferRequest
    {
        Files = [new("http://127.0.0.1:9/" + name, _env.Out(name))],
        Suspended = true,
    });
}
