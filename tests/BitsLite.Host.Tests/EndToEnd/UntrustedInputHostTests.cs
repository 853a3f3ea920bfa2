using System.Security.Cryptography;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;
using BitsLite.Testing.FaultServing;
using Xunit.Abstractions;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// The real host against what others control: a directory another user ('nobody') can write to, where they swap a
/// temporary file for a link while the host is down.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UntrustedInputHostTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly HostTestEnvironment _env = new();
    private readonly TempDirectory _outside = new();
    private FaultServer _server = null!;

    public async Task InitializeAsync() => _server = await FaultServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _server.DisposeAsync();
        _outside.Dispose();
    }

    [Fact]
    public async Task ATemporaryFileSwappedForALinkWhileTheHostWasKilled_IsNeverWritten_AndTheJobCompletes()
    {
        // The host's own data root is owner-only: the shared directory lives elsewhere.
        if (SharedDirectory.TryCreate(_outside.Path, output.WriteLine) is not { } shared)
        {
            return;
        }

        var gate = new ResponseGate();
        var content = RandomNumberGenerator.GetBytes(2_000_000);
        _server.Serve("/big.bin", content, new FaultPlan { PauseAfterBytes = 1_000_000, Gate = gate });
        Guid id;
        await using (var client = await _env.ConnectAsync())
        {
            id = (await client.CreateAsync(new TransferRequest { Files = [new(_server.Url("/big.bin").ToString(), shared.File("big.bin"))] })).Id;
            await gate.Reached.WaitAsync(HostTestEnvironment.WaitTimeout);
            await StoreProbe.WaitForCheckpointAsync(_env.Paths.Database, 1_000_000);
            using var host = await HostTestEnvironment.HostProcessAsync(client);
            host.Kill();
            await HostTestEnvironment.WaitForExitAsync(host);
        }

        var part = Assert.Single(shared.Entries(".big.bin.*bitslite-part"));
        await shared.PlantLinkAsync(part);
        gate.Release();
        await using (var client = await _env.ConnectAsync())
        {
            var done = await client.WaitAsync(id);
            Assert.Equal(TransferState.Transferred, done.State);
            await client.CompleteAsync(id);
        }

        Assert.True(shared.SecretIsUntouched, "the root-only file was written");
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(File.ReadAllBytes(shared.File("big.bin"))));
        Assert.Contains($"'{part}' is a symbolic link; it was left alone", await File.ReadAllTextAsync(_env.Paths.LogFile), StringComparison.Ordinal);
    }
}
