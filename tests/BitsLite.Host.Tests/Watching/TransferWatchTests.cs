using BitsLite.Client;
using BitsLite.Client.Watching;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Host.Tests.Watching;

/// <summary>
/// The client's <see cref="TransferWatch"/> against the real host: what a reader that falls behind still learns, and
/// how a watch of named jobs starts and ends. Jobs here are suspended and never reach a server; their events come from
/// settings changes and state changes the tests make.
/// </summary>
public sealed class TransferWatchTests : IAsyncLifetime
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
    public async Task AReaderThatFallsPastTheBacklogLimit_LearnsWhereTheJobStands_AsAResyncStateChange()
    {
        var job = await CreateSuspendedAsync("behind.bin");
        await using var watch = await TransferWatch.StartAsync(_client, [job.Id], new TransferWatchOptions { BacklogLimit = 8 });
        await using var events = watch.ReadAllAsync().GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((TransferWatchEventKind.Current, TransferState.Suspended), (events.Current.Kind, events.Current.Transfer.State));

        // 40 changes and a cancellation while nobody reads: far more than the 8 the backlog keeps.
        for (var i = 0; i < 40; i++)
        {
            await _client.SetAsync(job.Id, new TransferOptionsPatch { Description = $"change {i}" });
        }

        await _client.CancelAsync(job.Id);
        await WaitUntilAsync(() => watch.Received == 41);
        Assert.True(watch.Overflows > 0);

        Assert.True(await events.MoveNextAsync());
        var caughtUp = events.Current;
        Assert.Equal((TransferWatchEventKind.StateChanged, TransferState.Suspended, TransferState.Cancelled, true), (caughtUp.Kind, caughtUp.PreviousState, caughtUp.Transfer.State, caughtUp.Resync));
        Assert.False(await events.MoveNextAsync());
        Assert.Equal(TransferState.Cancelled, Assert.Single(watch.Jobs).State);
    }

    [Fact]
    public async Task AWatchOfJobsThatHaveSettled_ReportsThemAsTheyStand_AndEnds()
    {
        var first = await CreateSuspendedAsync("first.bin");
        var second = await CreateSuspendedAsync("second.bin");
        await _client.CancelAsync(first.Id);
        await _client.CancelAsync(second.Id);

        await using var watch = await TransferWatch.StartAsync(_client, [second.Id, first.Id, second.Id]);
        var reported = new List<TransferWatchEvent>();
        await foreach (var e in watch.ReadAllAsync())
        {
            reported.Add(e);
        }

        Assert.Equal([second.Id, first.Id], reported.Select(e => e.Transfer.Id));
        Assert.All(reported, e => Assert.Equal(TransferWatchEventKind.Current, e.Kind));
        Assert.True(watch.IsOver);
    }

    [Fact]
    public async Task AWatchOfAJobThatDoesNotExist_FailsToStart()
    {
        var error = await Assert.ThrowsAsync<BitsLite.Protocol.Errors.TransferException>(() => TransferWatch.StartAsync(_client, [Guid.NewGuid()]));
        Assert.Equal(BitsLite.Protocol.Errors.TransferErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task AWatchOfMoreJobsThanItSubscribesToOneByOne_FollowsOnlyThose()
    {
        var watched = new List<TransferInfo>();
        for (var i = 0; i < 20; i++)
        {
            watched.Add(await CreateSuspendedAsync($"many-{i}.bin"));
        }

        var other = await CreateSuspendedAsync("other.bin");
        await using var watch = await TransferWatch.StartAsync(_client, [.. watched.Select(j => j.Id)], new TransferWatchOptions { IncludeProgress = false });
        await using var events = watch.ReadAllAsync().GetAsyncEnumerator();
        for (var i = 0; i < watched.Count; i++)
        {
            Assert.True(await events.MoveNextAsync());
        }

        await _client.CancelAsync(other.Id);
        foreach (var job in watched)
        {
            await _client.CancelAsync(job.Id);
        }

        var changed = new List<Guid>();
        while (await events.MoveNextAsync())
        {
            changed.Add(events.Current.Transfer.Id);
        }

        Assert.Equal(watched.Select(j => j.Id), changed);
    }

    private Task<TransferInfo> CreateSuspendedAsync(string name) => _client.CreateAsync(new TransferRequest
    {
        // Suspended jobs never connect: the port is only ever written down.
        Files = [new("http://127.0.0.1:9/" + name, _env.Out(name))],
        Suspended = true,
    });

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(HostTestEnvironment.WaitTimeout);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
