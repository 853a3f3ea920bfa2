using System.Security.Cryptography;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// Expected SHA-256s and server digests in the real host, through the real CLI and client: a right hash completes, a
/// wrong one or a wrong server digest ends in Error with no destination file, and a hash still verifies after the host
/// is killed with SIGKILL in the middle of the file (its state rebuilt from the bytes on disk).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ExpectedHashHostTests : IAsyncLifetime
{
    private readonly HostTestEnvironment _env = new();
    private FaultServer _server = null!;

    public async Task InitializeAsync() => _server = await FaultServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static string Hex(byte[] content) => Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();

    [Fact]
    public async Task ATransferWithTheRightSha256_Completes()
    {
        var content = RandomNumberGenerator.GetBytes(1_000_000);
        _server.Serve("/right.iso", content);

        var transfer = await CliProcess.RunAsync(_env, ["transfer", _server.Url("/right.iso").AbsoluteUri, _env.Out("right.iso"), "--sha256", Hex(content), "--json"]);

        Assert.True(transfer.ExitCode == 0, transfer.Errors);
        Assert.Contains($"\"verifiedHash\": \"{Hex(content)}\"", transfer.Output, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllBytesAsync(_env.Out("right.iso")));
    }

    [Fact]
    public async Task ATransferWithAWrongSha256_EndsInError_NamingBothHashes_AndNoFileAppears()
    {
        var content = RandomNumberGenerator.GetBytes(500_000);
        var wrong = Hex(RandomNumberGenerator.GetBytes(8));
        _server.Serve("/wrong.iso", content);

        var transfer = await CliProcess.RunAsync(_env, ["transfer", _server.Url("/wrong.iso").AbsoluteUri, _env.Out("wrong.iso"), "--sha256", wrong]);

        Assert.Equal(1, transfer.ExitCode);
        Assert.Contains($"SHA-256 mismatch for '{_env.Out("wrong.iso")}': expected {wrong}, got {Hex(content)}.", transfer.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(_env.Out("wrong.iso")));
        await using var client = await _env.ConnectAsync();
        var job = Assert.Single(await client.ListAsync().ToListAsync());
        Assert.Equal(TransferState.Error, job.State);
        Assert.Equal((false, 0L), (job.Files[0].IsTransferred, job.Files[0].BytesTransferred));
    }

    [Fact]
    public async Task AWrongDigestSentByTheServer_IsCaught_WithNoOption()
    {
        var content = RandomNumberGenerator.GetBytes(500_000);
        var other = RandomNumberGenerator.GetBytes(500_000);
        _server.Serve("/digest.iso", content, new FaultPlan { ContentHeaders = DigestHeaders.Repr(other) });

        await using var client = await _env.ConnectAsync();
        var job = await client.CreateAsync(new TransferRequest { Files = [new(_server.Url("/digest.iso").AbsoluteUri, _env.Out("digest.iso"))] });
        var done = await client.WaitAsync(job.Id).WaitAsync(HostTestEnvironment.WaitTimeout);
        await client.CompleteAsync(job.Id);

        Assert.Equal(TransferState.Error, done.State);
        Assert.Contains($"the server's Repr-Digest says {Hex(other)}, the bytes received hash to {Hex(content)}", done.Error!.Description, StringComparison.Ordinal);
        Assert.False(File.Exists(_env.Out("digest.iso")));
    }

    [Fact]
    public async Task AHash_StillVerifies_AfterTheHostIsKilledMidFile()
    {
        // Paced to 1 MB/s: the first checkpoint (2 s) comes long before the last byte (6 s), so the kill lands mid-file.
        var content = RandomNumberGenerator.GetBytes(6_000_000);
        _server.Serve("/paced.iso", content, new FaultPlan { BytesPerSecond = 1_000_000 });
        Guid id;
        await using (var client = await _env.ConnectAsync())
        {
            var files = new[] { new TransferFileSpec(_server.Url("/paced.iso").AbsoluteUri, _env.Out("paced.iso")) { ExpectedHash = Hex(content) } };
            id = (await client.CreateAsync(new TransferRequest { Files = files })).Id;
            await StoreProbe.WaitForCheckpointAsync(_env.Paths.Database, 1);
            using var host = await HostTestEnvironment.HostProcessAsync(client);
            host.Kill();
            await HostTestEnvironment.WaitForExitAsync(host);
        }

        var checkpointed = StoreProbe.CheckpointedBytes(_env.Paths.Database);
        Assert.InRange(checkpointed, 1, content.Length - 1);
        await using (var client = await _env.ConnectAsync())
        {
            var done = await client.WaitAsync(id).WaitAsync(HostTestEnvironment.WaitTimeout);
            Assert.True(done.State == TransferState.Transferred, done.Error?.Description);
            Assert.Equal(Hex(content), done.Files[0].VerifiedHash);
            await client.CompleteAsync(id);
        }

        var resumed = _server.RequestsFor("/paced.iso")[^1];
        Assert.Equal($"bytes={checkpointed}-", resumed.Range);
        Assert.Equal(206, resumed.StatusCode);
        Assert.Equal(content, await File.ReadAllBytesAsync(_env.Out("paced.iso")));
    }
}
