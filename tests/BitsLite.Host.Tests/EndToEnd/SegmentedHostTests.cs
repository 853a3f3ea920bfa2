using System.Globalization;
using System.Security.Cryptography;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// A segmented download with an expected SHA-256 in the real host, killed with SIGKILL mid-way: each segment resumes
/// from its own checkpoint, and the hash, rebuilt from the bytes on disk, still verifies.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SegmentedHostTests : IAsyncLifetime
{
    private const int Size = 16 * 1024 * 1024;
    private readonly HostTestEnvironment _env = new();
    private FaultServer _server = null!;

    public async Task InitializeAsync() => _server = await FaultServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AHostKilledWithSigkill_MidWayThroughFourSegments_ResumesEachFromItsCheckpoint_AndTheFileIsByteIdentical_AndVerified()
    {
        // 16 MiB in four segments of 4 MiB, each connection paced to 1 MB/s: the host checkpoints every 2 s, well before any segment ends.
        var content = RandomNumberGenerator.GetBytes(Size);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        _server.Serve("/seg.bin", content, new FaultPlan { BytesPerSecond = 1_000_000 });
        Guid id;
        IReadOnlyList<(long Start, long End, long Done)> stopped;
        await using (var client = await _env.ConnectAsync())
        {
            id = (await client.CreateAsync(new TransferRequest
            {
                Options = new() { Priority = TransferPriority.Foreground },
                Files = [new(_server.Url("/seg.bin").ToString(), _env.Out("seg.bin")) { ExpectedHash = sha256 }],
            })).Id;
            await SegmentProbe.WaitForAllUnderWayAsync(_env.Paths.Database, 4);
            using var host = await HostTestEnvironment.HostProcessAsync(client);
            host.Kill();
            await HostTestEnvironment.WaitForExitAsync(host);
            stopped = SegmentProbe.Segments(_env.Paths.Database);
        }

        var before = _server.RequestsFor("/seg.bin").Count;
        await using (var client = await _env.ConnectAsync())
        {
            var done = await client.WaitAsync(id);
            await client.CompleteAsync(id);
            Assert.Equal(TransferState.Transferred, done.State);
            Assert.Equal(sha256, Assert.Single(done.Files).VerifiedHash);
        }

        Assert.Equal(SHA256.HashData(content), SHA256.HashData(File.ReadAllBytes(_env.Out("seg.bin"))));
        var resumed = _server.RequestsFor("/seg.bin").Skip(before).ToList();
        Assert.Equal(4, resumed.Count);
        Assert.All(resumed, r => Assert.Equal(206, r.StatusCode));
        Assert.All(resumed, r => Assert.NotNull(r.IfRange));
        var starts = resumed.Select(r => long.Parse(r.Range!["bytes=".Length..^1], CultureInfo.InvariantCulture)).Order();
        Assert.Equal(stopped.Select(s => s.Start + s.Done), starts);
    }
}
