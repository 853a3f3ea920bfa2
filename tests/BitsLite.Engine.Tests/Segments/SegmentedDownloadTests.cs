using System.Diagnostics;
using BitsLite.Engine.Tests.Support;
using BitsLite.Engine.Throttling;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Segments;

/// <summary>
/// Large files of Foreground and High jobs over several connections, against the FaultServer, which paces each
/// response (so each connection) on its own. Segments here are at least 64 KiB, so a 1 MiB file makes four.
/// </summary>
public class SegmentedDownloadTests : TransferTestBase
{
    private const int Size = 1024 * 1024;
    private static readonly TransferRequest Foreground = new() { Options = new() { Priority = TransferPriority.Foreground } };

    protected override TransferEngineOptions Configure(TransferEngineOptions options) => options with { MinSegmentSize = 64 * 1024 };

    [Fact]
    public async Task AForegroundFile_IsFetchedOverFourConnections_WithIfRange_AndProgressOnlyGrows()
    {
        var content = EngineHarness.RandomBytes(Size);
        Server.Serve("/big.bin", content, new FaultPlan { BytesPerSecond = 2_000_000 });
        using var events = Engine.Subscribe();

        var job = await Harness.DownloadAsync(Server.Url("/big.bin"), Harness.Out("big.bin"), Foreground);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("big.bin")));
        var requests = Server.RequestsFor("/big.bin");
        Assert.Equal(4, requests.Count);
        Assert.Null(requests[0].Range);
        Assert.Equal(["bytes=262144-", "bytes=524288-", "bytes=786432-"], requests.Skip(1).Select(r => r.Range).Order(StringComparer.Ordinal));
        Assert.All(requests.Skip(1), r => Assert.Equal(206, r.StatusCode));
        Assert.All(requests.Skip(1), r => Assert.NotNull(r.IfRange));

        long last = 0;
        while (events.Reader.TryRead(out var change))
        {
            if (change.Transfer.Id == job.Id && change.Transfer.State is TransferState.Transferring or TransferState.Transferred)
            {
                Assert.True(change.Transfer.BytesTransferred >= last, $"progress went back from {last} to {change.Transfer.BytesTransferred}");
                last = change.Transfer.BytesTransferred;
            }
        }

        Assert.Equal(Size, last);
    }

    [Fact]
    public async Task AHighFile_UsesTheJobsConnections_AtMostThePolicys()
    {
        await Engine.SetPolicyAsync(new() { MaxConnectionsPerFile = 3 });
        var content = EngineHarness.RandomBytes(Size);
        Server.Serve("/high.bin", content);

        var job = await Harness.DownloadAsync(Server.Url("/high.bin"), Harness.Out("high.bin"), new TransferRequest { Options = new() { Priority = TransferPriority.High, Connections = 6 } });
        await Harness.WaitTransferredAsync(job.Id);

        Assert.Equal(3, Server.RequestsFor("/high.bin").Count);
    }

    [Theory]
    [InlineData(TransferPriority.Normal, 4)]
    [InlineData(TransferPriority.Low, 4)]
    [InlineData(TransferPriority.Foreground, 1)]
    public async Task ABackgroundJobOrOneConnection_StaysOnOneConnection(TransferPriority priority, int connections)
    {
        var content = EngineHarness.RandomBytes(Size);
        Server.Serve("/one.bin", content);

        var job = await Harness.DownloadAsync(Server.Url("/one.bin"), Harness.Out("one.bin"), new TransferRequest { Options = new() { Priority = priority, Connections = connections } });
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Single(Server.RequestsFor("/one.bin"));
        Assert.Equal(content, File.ReadAllBytes(Harness.Out("one.bin")));
    }

    [Fact]
    public async Task ASmallFile_StaysOnOneConnection()
    {
        Server.Serve("/small.bin", EngineHarness.RandomBytes(100_000));

        var job = await Harness.DownloadAsync(Server.Url("/small.bin"), Harness.Out("small.bin"), Foreground);
        await Harness.WaitTransferredAsync(job.Id);

        Assert.Single(Server.RequestsFor("/small.bin"));
    }

    [Fact]
    public async Task AServerThatIgnoresRanges_FallsBackToOneStream_AndTheFileIsByteIdentical()
    {
        var content = EngineHarness.RandomBytes(Size);
        Server.Serve("/norange.bin", content, new FaultPlan { IgnoreRange = true, BytesPerSecond = 4_000_000 });

        var job = await Harness.DownloadAsync(Server.Url("/norange.bin"), Harness.Out("norange.bin"), Foreground);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("norange.bin")));
        Assert.All(Server.RequestsFor("/norange.bin"), r => Assert.Equal(200, r.StatusCode));
    }

    [Fact]
    public async Task ContentThatChangesMidWay_FallsBackToOneStream_AndEndsWithTheNewContent()
    {
        var original = EngineHarness.RandomBytes(Size);
        var changed = EngineHarness.RandomBytes(Size + 12_345);
        Server.Serve("/moving.bin", original, new FaultPlan { ChangeContentAfterRequests = 1, ChangedContent = changed, BytesPerSecond = 4_000_000 });

        var job = await Harness.DownloadAsync(Server.Url("/moving.bin"), Harness.Out("moving.bin"), Foreground);
        var done = await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(changed.Length, done.BytesTotal);
        Assert.Equal(EngineHarness.Sha256(changed), EngineHarness.Sha256(Harness.Out("moving.bin")));

        // The segments asked with If-Range and got the whole new file (200), which one of them went on with.
        Assert.Contains(Server.RequestsFor("/moving.bin").Skip(1), r => r.IfRange is not null && r.StatusCode == 200);
    }

    [Fact]
    public async Task AJobLimit_HoldsTheSumOfItsConnections()
    {
        const long Limit = 1_000_000;
        var content = EngineHarness.RandomBytes(Size);
        Server.Serve("/limited.bin", content);
        var watch = Stopwatch.StartNew();

        var job = await Harness.DownloadAsync(Server.Url("/limited.bin"), Harness.Out("limited.bin"), new TransferRequest { Options = new() { Priority = TransferPriority.Foreground, MaxBandwidth = Limit } });
        await Harness.WaitTransferredAsync(job.Id);
        var seconds = watch.Elapsed.TotalSeconds;

        Assert.Equal(4, Server.RequestsFor("/limited.bin").Count);
        var fastest = (Size - (Limit * TokenBucket.BurstWindow.TotalSeconds)) / Limit;
        Assert.True(seconds >= fastest - 0.02, $"{Size:N0} bytes over 4 connections took {seconds:0.000} s; at {Limit:N0} B/s for the job they need at least {fastest:0.000} s");
    }

    [Fact]
    public async Task TheHostsBackgroundLimit_HoldsTheSumOfAHighJobsConnections()
    {
        const long Limit = 1_000_000;
        await Engine.SetPolicyAsync(new() { BackgroundBandwidth = Limit });
        Server.Serve("/shared.bin", EngineHarness.RandomBytes(Size));
        var watch = Stopwatch.StartNew();

        var job = await Harness.DownloadAsync(Server.Url("/shared.bin"), Harness.Out("shared.bin"), new TransferRequest { Options = new() { Priority = TransferPriority.High } });
        await Harness.WaitTransferredAsync(job.Id);
        var seconds = watch.Elapsed.TotalSeconds;

        Assert.Equal(4, Server.RequestsFor("/shared.bin").Count);
        var fastest = (Size - (Limit * TokenBucket.BurstWindow.TotalSeconds)) / Limit;
        Assert.True(seconds >= fastest - 0.02, $"{Size:N0} bytes over 4 connections took {seconds:0.000} s; at {Limit:N0} B/s for background jobs they need at least {fastest:0.000} s");
    }

    [Fact]
    public async Task EachSegment_ResumesFromItsOwnCheckpoint_AfterAnEngineRestart()
    {
        var (job, content) = await StartUntilEverySegmentHasACheckpointAsync("resume.bin");

        await Harness.CloseAsync();
        var stopped = await SegmentStore.ReadAsync(Harness.DatabasePath, job.Id);
        var before = Server.RequestsFor("/resume.bin").Count;

        await Harness.OpenAsync();
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("resume.bin")));
        var resumed = Server.RequestsFor("/resume.bin").Skip(before).ToList();
        Assert.Equal(4, resumed.Count);
        Assert.All(resumed, r => Assert.Equal(206, r.StatusCode));
        Assert.All(resumed, r => Assert.NotNull(r.IfRange));

        // Each segment went on from where it was stopped or later (its checkpoint), never from its start.
        var starts = resumed.Select(r => long.Parse(r.Range!["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(stopped!.Parts.Select(p => p.ResumeAt), starts);
    }

    [Fact]
    public async Task EachSegment_ResumesFromItsOwnCheckpoint_AfterASuspendAndResume()
    {
        var (job, content) = await StartUntilEverySegmentHasACheckpointAsync("pause.bin");

        await Engine.SuspendAsync(job.Id);
        var stopped = await SegmentStore.ReadAsync(Harness.DatabasePath, job.Id);
        var before = Server.RequestsFor("/pause.bin").Count;
        await Engine.ResumeAsync(job.Id);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(content, File.ReadAllBytes(Harness.Out("pause.bin")));
        var starts = Server.RequestsFor("/pause.bin").Skip(before).Select(r => r.Range!).ToList();
        Assert.Equal(4, starts.Count);
        Assert.All(stopped!.Parts, p => Assert.True(p.Done > 0));
    }

    /// <summary>Starts a four-segment download, each connection paced to 200 kB/s, and waits until every segment has bytes on record (checkpoints every 100 ms here) and none is done.</summary>
    private async Task<(TransferInfo Job, byte[] Content)> StartUntilEverySegmentHasACheckpointAsync(string name)
    {
        var content = EngineHarness.RandomBytes(Size);
        Server.Serve("/" + name, content, new FaultPlan { BytesPerSecond = 200_000 });
        var job = await Harness.DownloadAsync(Server.Url("/" + name), Harness.Out(name), Foreground);
        await SegmentStore.WaitForAsync(Harness.DatabasePath, job.Id, s => s is { Parts.Count: 4 } && s.Parts.All(p => p.Done > 0 && !p.IsComplete));
        return (job, content);
    }
}
