using BitsLite.Client;
using BitsLite.PowerShell.Live;
using BitsLite.PowerShell.Tests.Support;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;

namespace BitsLite.PowerShell.Tests.Live;

/// <summary>
/// The registry that keeps Transfer objects live, against the host the build staged in module/host, on a clock the
/// test moves. A change the host made before the registry's subscription started must still reach the objects: a
/// script polling $job.JobState would otherwise wait for ever.
/// </summary>
public sealed class LiveTransferRegistryTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _home = new();
    private readonly ManualTimeProvider _time = new();
    private BitsLiteClientOptions _options = null!;
    private BitsLiteClient _client = null!;

    public async Task InitializeAsync()
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_home.Path, OwnerOnlyDirectory.Mode);
        }

        // The registry takes timestamp 0 for "never"; a real clock's timestamps are never 0.
        _time.Advance(TimeSpan.FromSeconds(1));
        _options = new BitsLiteClientOptions
        {
            Paths = new BitsLitePaths(_home.Path, _home.Path),
            HostPath = Path.Combine(ModuleLayout.ModuleDirectory, "host", OperatingSystem.IsWindows() ? "bitslite-host.exe" : "bitslite-host"),
            ClientName = "powershell-tests",
        };
        _client = await BitsLiteClient.ConnectAsync(_options);
    }

    [Fact]
    public async Task ASnapshotTakenBeforeTheSubscriptionStarted_IsRefreshedOnce_NotTrustedAsCovered()
    {
        var registry = new LiveTransferRegistry(ct => BitsLiteClient.TryConnectAsync(_options, ct), _time);
        var created = await _client.CreateAsync(new TransferRequest { Suspended = true });
        var entry = registry.Track(created);

        // The host changes the job on another connection, and the registry starts watching only afterwards; its
        // subscription's clock reads the same instant as the snapshot (the clock is frozen).
        await _client.CancelAsync(created.Id);
        Assert.Equal(TransferState.Suspended, registry.Read(entry).State);
        await WaitUntilAsync(() => registry.IsWatching);

        Assert.Equal(TransferState.Suspended, registry.Read(entry).State);   // younger than Freshness: no round trip yet
        _time.Advance(LiveTransferRegistry.Freshness);
        Assert.Equal(TransferState.Cancelled, registry.Read(entry).State);
    }

    [Fact]
    public async Task ASnapshotTakenAfterTheSubscription_FollowsTheEvents_WithoutARoundTripPerRead()
    {
        var registry = new LiveTransferRegistry(ct => BitsLiteClient.TryConnectAsync(_options, ct), _time);
        registry.Read(registry.Track(await _client.CreateAsync(new TransferRequest { Suspended = true })));
        await WaitUntilAsync(() => registry.IsWatching);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var created = await _client.CreateAsync(new TransferRequest { Suspended = true });
        var entry = registry.Track(created);
        await _client.CancelAsync(created.Id);

        await WaitUntilAsync(() => registry.Read(entry).State == TransferState.Cancelled);
    }

    [Fact]
    public async Task AStaleSnapshotTrackedAfterItsLastEvent_IsRefreshedOnce_AfterCoveredFor()
    {
        var registry = new LiveTransferRegistry(ct => BitsLiteClient.TryConnectAsync(_options, ct), _time);
        registry.Read(registry.Track(await _client.CreateAsync(new TransferRequest { Suspended = true })));
        await WaitUntilAsync(() => registry.IsWatching);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        // A reply the host made before a change, read after the change's event went by: events come in order on the
        // one connection, so once B's cancellation is seen, A's went by while no object of A was tracked.
        var a = await _client.CreateAsync(new TransferRequest { Suspended = true });
        await _client.CancelAsync(a.Id);
        var b = registry.Track(await _client.CreateAsync(new TransferRequest { Suspended = true }));
        await _client.CancelAsync(b.Info.Id);
        await WaitUntilAsync(() => registry.Read(b).State == TransferState.Cancelled);
        var stale = registry.Track(a);

        Assert.Equal(TransferState.Suspended, registry.Read(stale).State);
        _time.Advance(LiveTransferRegistry.CoveredFor);
        Assert.Equal(TransferState.Cancelled, registry.Read(stale).State);
    }

    public async Task DisposeAsync()
    {
        await _client.StopHostAsync();
        await _client.DisposeAsync();
        _home.Dispose();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
