using System.Security.Cryptography;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;
using BitsLite.Testing.FaultServing;
using Xunit.Abstractions;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// The real host against what others control: a directory another user ('nobody') can write to, where they swap a
/// temporary file for a link while the host is down; and a server's text, which must reach neither the job nor host.log
/// as terminal escapes; and the password of a source URL, which host.log must never show.
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

    [Fact]
    public async Task AReasonPhraseWithTerminalEscapes_LeavesNoControlCharacterInTheJobNorInHostLog()
    {
        _server.Serve("/gone.bin", [], new FaultPlan { FailStatus = 404, FailReason = "Not Found \u001b]0;pwned\u0007\u001b[2J" });

        var (failed, log) = await FailAsync(_server.Url("/gone.bin"), "gone.bin");

        Assert.Contains("404 Not Found", failed.Error!.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(failed.Error.Description, char.IsControl);
        Assert.DoesNotContain(log.Replace(Environment.NewLine, "", StringComparison.Ordinal), char.IsControl);
        Assert.DoesNotContain("pwned", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APasswordInASourceUrl_NeverReachesHostLog()
    {
        _server.Serve("/private.bin", [], new FaultPlan { FailStatus = 403 });
        var source = new UriBuilder(_server.Url("/private.bin")) { UserName = "alice", Password = "s3cret-pw" }.Uri;

        var (_, log) = await FailAsync(source, "private.bin");

        Assert.DoesNotContain("s3cret-pw", log, StringComparison.Ordinal);
        Assert.Contains("http://***@127.0.0.1", log, StringComparison.Ordinal);
    }

    /// <summary>Downloads <paramref name="source"/> until the job fails; returns it and host.log once the failure is in it.</summary>
    private async Task<(TransferInfo Failed, string Log)> FailAsync(Uri source, string name)
    {
        await using var client = await _env.ConnectAsync();
        var job = await client.CreateAsync(new TransferRequest { Files = [new(source.ToString(), _env.Out(name))] });
        var failed = await client.WaitAsync(job.Id);
        Assert.Equal(TransferState.Error, failed.State);

        // The host writes state changes to its log as they happen, a moment after the client hears of them.
        using var timeout = new CancellationTokenSource(HostTestEnvironment.WaitTimeout);
        while (true)
        {
            var log = await File.ReadAllTextAsync(_env.Paths.LogFile, timeout.Token);
            if (log.Contains($"Transfer {job.Id} '{name}' is Error", StringComparison.Ordinal))
            {
                return (failed, log);
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
