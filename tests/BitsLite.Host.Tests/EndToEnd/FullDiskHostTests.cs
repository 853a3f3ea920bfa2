using System.Security.Cryptography;
using BitsLite.Host.Tests.Support;
using BitsLite.Testing;
using BitsLite.Testing.FaultServing;
using Xunit.Abstractions;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// A download into a small tmpfs of its own (<see cref="SmallFileSystem"/>, which needs root), through the real bitslite
/// CLI and host: a file that cannot fit fails at once with what it needs and what is free, takes nothing, and is either
/// cancelled without a trace or resumed once space is freed.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FullDiskHostTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;

    private readonly HostTestEnvironment _env = new();
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(3 * MiB);
    private FaultServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FaultServer.StartAsync();
        _server.Serve("/big.bin", _content);
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ATransferThatCannotFit_EndsAtOnceWithExitCode1_AndACancelLeavesNothingBehind()
    {
        using var disk = TwoMiBFree();
        if (disk is null)
        {
            return;
        }

        var transfer = await CliProcess.RunAsync(_env, ["transfer", _server.Url("/big.bin").AbsoluteUri, disk.File("big.bin")]);

        Assert.Equal(1, transfer.ExitCode);
        Assert.Contains($"Needs 3.00 MiB for 'big.bin', 2.00 MiB free on {disk.Path} (tmpfs). Free some space there, then resume the job", transfer.Errors, StringComparison.Ordinal);
        Assert.Equal(2 * MiB, disk.Available);
        Assert.Single(_server.RequestsFor("/big.bin"));

        var cancel = await CliProcess.RunAsync(_env, ["cancel", "big.bin"]);

        Assert.Equal(0, cancel.ExitCode);
        Assert.Empty(disk.Files());
        Assert.Equal(2 * MiB, disk.Available);
    }

    [Fact]
    public async Task ARefusedTransfer_ResumedOnceSpaceIsFreed_CompletesWithTheWholeFile()
    {
        using var disk = TwoMiBFree();
        if (disk is null)
        {
            return;
        }

        var refused = await CliProcess.RunAsync(_env, ["transfer", _server.Url("/big.bin").AbsoluteUri, disk.File("big.bin")]);
        disk.FreeSpace();
        var resume = await CliProcess.RunAsync(_env, ["resume", "big.bin"]);
        var wait = await CliProcess.RunAsync(_env, ["wait", "big.bin"]);
        var complete = await CliProcess.RunAsync(_env, ["complete", "big.bin"]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal((0, 0, 0), (resume.ExitCode, wait.ExitCode, complete.ExitCode));
        Assert.Equal(SHA256.HashData(_content), SHA256.HashData(File.ReadAllBytes(disk.File("big.bin"))));
        Assert.Equal(["big.bin"], disk.Files());
    }

    /// <summary>A 4 MiB tmpfs with 2 MiB taken, or null (said in the output) where none can be mounted.</summary>
    private SmallFileSystem? TwoMiBFree()
    {
        var disk = SmallFileSystem.TryMount(4 * MiB, out var why);
        if (disk is null)
        {
            output.WriteLine($"SKIPPED: {why}.");
            return null;
        }

        disk.Fill(2 * MiB);
        return disk;
    }
}
