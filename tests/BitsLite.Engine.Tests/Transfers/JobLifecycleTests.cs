using BitsLite.Testing.FaultServing;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Transfers;

public class JobLifecycleTests : TransferTestBase
{

    private static async Task<TransferException> Refused(Func<Task> operation) => await Assert.ThrowsAsync<TransferException>(operation);

    [Fact]
    public async Task Complete_OnAQueuedOrRunningJob_IsRefused_AndChangesNothing()
    {
        var (job, gate, _) = await StartHeldDownloadAsync("busy.bin", 200_000, 60_000);

        var ex = await Refused(() => Engine.CompleteAsync(job.Id));

        Assert.Equal(TransferErrorCode.InvalidState, ex.Code);
        Assert.True(ex.Message.Contains("it is Transferring", StringComparison.Ordinal), ex.Message);
        Assert.Equal(TransferState.Transferring, Engine.Get(job.Id).State);
        gate.Release();
        await Harness.WaitTransferredAsync(job.Id);
    }

    [Fact]
    public async Task SuspendMidTransfer_KeepsProgress_AndResumeContinuesWithARange()
    {
        var (job, gate, content) = await StartHeldDownloadAsync("pause.bin", 200_000, 60_000);

        var suspended = await Engine.SuspendAsync(job.Id);
        gate.Abort();

        Assert.Equal(TransferState.Suspended, suspended.State);
        Assert.Equal(60_000, suspended.BytesTransferred);
        Assert.Equal(TransferState.Suspended, (await Engine.SuspendAsync(job.Id)).State);

        await Engine.ResumeAsync(job.Id);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Harness.Out("pause.bin")));
        Assert.Equal("bytes=60000-", Server.RequestsFor("/pause.bin")[1].Range);
    }

    [Fact]
    public async Task Cancel_DeletesTemporaryFiles_LeavesDestinationsAlone_AndIsFinal()
    {
        File.WriteAllText(Harness.Out("cancel.bin"), "older version");
        var (job, gate, _) = await StartHeldDownloadAsync("cancel.bin", 200_000, 60_000);
        Assert.Single(Directory.GetFiles(Harness.Directory.Path, ".*bitslite-part"));

        var cancelled = await Engine.CancelAsync(job.Id);
        gate.Abort();

        Assert.Equal(TransferState.Cancelled, cancelled.State);
        Assert.Empty(Directory.GetFiles(Harness.Directory.Path, ".*bitslite-part"));
        Assert.Equal("older version", File.ReadAllText(Harness.Out("cancel.bin")));
        Assert.Equal(TransferErrorCode.InvalidState, (await Refused(() => Engine.ResumeAsync(job.Id))).Code);
        Assert.Equal(TransferErrorCode.InvalidState, (await Refused(() => Engine.CompleteAsync(job.Id))).Code);
        Assert.Equal(TransferErrorCode.InvalidState, (await Refused(() => Engine.CancelAsync(job.Id))).Code);
        Assert.Equal(TransferState.Cancelled, Engine.Get(job.Id).State);
    }

    [Fact]
    public async Task Cancel_AfterTheDestinationDirectoryWentAway_Succeeds()
    {
        var gone = Path.Combine(Harness.Directory.Path, "gone");
        Directory.CreateDirectory(gone);
        Server.Serve("/gone.bin", [1, 2, 3]);
        var job = await Engine.CreateAsync(new TransferRequest { Suspended = true, Files = [new(Server.Url("/gone.bin").AbsoluteUri, Path.Combine(gone, "gone.bin"))] });
        Directory.Delete(gone);

        var cancelled = await Engine.CancelAsync(job.Id);

        Assert.Equal(TransferState.Cancelled, cancelled.State);
    }

    [Fact]
    public async Task Acknowledged_IsFinal_AndCompleteReplacesAnExistingFile()
    {
        File.WriteAllText(Harness.Out("replace.bin"), "old");
        Server.Serve("/replace.bin", [1, 2, 3]);
        var job = await Harness.DownloadAsync(Server.Url("/replace.bin"), Harness.Out("replace.bin"));
        await Harness.WaitTransferredAsync(job.Id);

        Assert.Equal(TransferErrorCode.InvalidState, (await Refused(() => Engine.SuspendAsync(job.Id))).Code);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(Harness.Out("replace.bin")));
        foreach (var operation in new Func<Task>[]
        {
            () => Engine.ResumeAsync(job.Id), () => Engine.SuspendAsync(job.Id),
            () => Engine.CancelAsync(job.Id), () => Engine.CompleteAsync(job.Id),
            () => Engine.SetAsync(job.Id, new TransferOptionsPatch { Priority = TransferPriority.Low }),
            () => Engine.AddFilesAsync(job.Id, [new("http://example.test/x", Harness.Out("x"))]),
        })
        {
            var ex = await Refused(operation);
            Assert.Equal(TransferErrorCode.InvalidState, ex.Code);
            Assert.Contains("final", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CompleteOnASuspendedJob_KeepsFinishedFiles_AndDropsPartialOnes()
    {
        var first = EngineHarness.RandomBytes(10_000);
        Server.Serve("/first.bin", first);
        var gate = new ResponseGate();
        Server.Serve("/second.bin", EngineHarness.RandomBytes(100_000), new FaultPlan { PauseAfterBytes = 30_000, Gate = gate });
        var job = await Engine.CreateAsync(new TransferRequest
        {
            Files = [new(Server.Url("/first.bin").AbsoluteUri, Harness.Out("first.bin")), new(Server.Url("/second.bin").AbsoluteUri, Harness.Out("second.bin"))],
        });
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);
        await Engine.SuspendAsync(job.Id);
        gate.Abort();

        var done = await Engine.CompleteAsync(job.Id);

        Assert.Equal(TransferState.Acknowledged, done.State);
        Assert.Equal(EngineHarness.Sha256(first), EngineHarness.Sha256(Harness.Out("first.bin")));
        Assert.False(File.Exists(Harness.Out("second.bin")));
        Assert.Empty(Directory.GetFiles(Harness.Directory.Path, ".*bitslite-part"));
    }

    [Fact]
    public async Task ASuspendedJob_WithoutFiles_CannotResume_UntilFilesAreAdded()
    {
        var job = await Engine.CreateAsync(new TransferRequest { Suspended = true, Options = new() { DisplayName = "later" } });
        Assert.Equal(TransferState.Suspended, job.State);

        Assert.Equal(TransferErrorCode.EmptyJob, (await Refused(() => Engine.ResumeAsync(job.Id))).Code);
        Assert.Equal(TransferErrorCode.EmptyJob, (await Refused(() => Engine.CreateAsync(new TransferRequest()))).Code);

        Server.Serve("/late.bin", [9, 9]);
        await Engine.AddFilesAsync(job.Id, [new(Server.Url("/late.bin").AbsoluteUri, Harness.Out("late.bin"))]);
        await Engine.ResumeAsync(job.Id);
        await Harness.WaitTransferredAsync(job.Id);
    }

    [Fact]
    public async Task AddingFilesToATransferredJob_QueuesItAgain()
    {
        Server.Serve("/a.bin", [1]);
        Server.Serve("/b.bin", [2]);
        var job = await Harness.DownloadAsync(Server.Url("/a.bin"), Harness.Out("a.bin"));
        await Harness.WaitTransferredAsync(job.Id);

        var added = await Engine.AddFilesAsync(job.Id, [new(Server.Url("/b.bin").AbsoluteUri, Harness.Out("b.bin"))]);
        Assert.Equal(2, added.FilesTotal);
        var done = await Harness.WaitTransferredAsync(job.Id);
        Assert.Equal(2, done.FilesTransferred);
        Assert.Single(Server.RequestsFor("/a.bin"));
    }

    [Fact]
    public async Task ResumeOfAnErrorJob_TriesAgain()
    {
        Server.Serve("/later.bin", [7, 7, 7], new FaultPlan { FailStatus = 404, FailTimes = 1 });
        var job = await Harness.DownloadAsync(Server.Url("/later.bin"), Harness.Out("later.bin"));
        await Harness.WaitForAsync(job.Id, TransferState.Error);

        await Engine.ResumeAsync(job.Id);
        var done = await Harness.WaitTransferredAsync(job.Id);

        Assert.Equal(1, done.ErrorCount);
        Assert.Null(done.Error);
    }

    [Fact]
    public async Task UnknownIds_AreNotFound()
    {
        var id = Guid.NewGuid();
        Assert.Equal(TransferErrorCode.NotFound, Assert.Throws<TransferException>(() => Engine.Get(id)).Code);
        Assert.Equal(TransferErrorCode.NotFound, (await Refused(() => Engine.ResumeAsync(id))).Code);
        Assert.Equal(TransferErrorCode.NotFound, (await Refused(() => Engine.CancelAsync(id))).Code);
    }

    [Fact]
    public async Task ADestinationUsedByAnotherLiveJob_IsRefused_AndNothingIsStored()
    {
        Server.Serve("/one.bin", [1]);
        var first = await Engine.CreateAsync(new TransferRequest { Suspended = true, Files = [new(Server.Url("/one.bin").AbsoluteUri, Harness.Out("shared.bin"))] });

        var ex = await Refused(() => Engine.CreateAsync(new TransferRequest
        {
            Files = [new(Server.Url("/one.bin").AbsoluteUri, Harness.Out("other.bin")), new(Server.Url("/one.bin").AbsoluteUri, Harness.Out("shared.bin"))],
        }));

        Assert.Equal(TransferErrorCode.DestinationConflict, ex.Code);
        Assert.Single(Engine.List());
        await Engine.CancelAsync(first.Id);
        // Once the first job is gone, the destination is free again.
        await Engine.CreateAsync(new TransferRequest { Suspended = true, Files = [new(Server.Url("/one.bin").AbsoluteUri, Harness.Out("shared.bin"))] });
    }

    [Fact]
    public async Task SettingsChange_AndAreValidated()
    {
        var job = await Engine.CreateAsync(new TransferRequest { Suspended = true, Options = new() { DisplayName = "before" } });

        var changed = await Engine.SetAsync(job.Id, new TransferOptionsPatch
        {
            DisplayName = "after", Priority = TransferPriority.Low, RetryInterval = TimeSpan.FromMinutes(2),
            MaxBandwidth = 1000, CustomHeaders = ["X-A: 1"], MaxDownloadTime = TimeSpan.FromHours(1),
        });

        Assert.Equal(("after", TransferPriority.Low, TimeSpan.FromMinutes(2), 1000L, TimeSpan.FromHours(1)), (changed.Options.DisplayName, changed.Options.Priority, changed.Options.RetryInterval, changed.Options.MaxBandwidth, changed.Options.MaxDownloadTime));
        Assert.Equal(["X-A: ***"], changed.Options.CustomHeaders);   // the host never shows a header's value
        var cleared = await Engine.SetAsync(job.Id, new TransferOptionsPatch { MaxBandwidth = 0, MaxDownloadTime = TimeSpan.Zero });
        Assert.Equal(0, cleared.Options.MaxBandwidth);
        Assert.Equal(TimeSpan.Zero, cleared.Options.MaxDownloadTime);
        Assert.Equal(TransferErrorCode.InvalidArgument, (await Refused(() => Engine.SetAsync(job.Id, new TransferOptionsPatch { Description = new string('x', 2000) }))).Code);
        Assert.Equal(TransferErrorCode.InvalidArgument, (await Refused(() => Engine.SetAsync(job.Id, new TransferOptionsPatch { CustomHeaders = ["bad header"] }))).Code);
    }

    [Fact]
    public async Task UploadJobs_WithoutTheirOneFile_AreRefusedClearly()
    {
        var ex = await Refused(() => Engine.CreateAsync(new TransferRequest { TransferType = TransferType.Upload, Suspended = true }));
        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        Assert.Contains("exactly one file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxDownloadTime_PutsASlowJobInError()
    {
        var gate = new ResponseGate();
        Server.Serve("/slow.bin", EngineHarness.RandomBytes(10_000), new FaultPlan { PauseAfterBytes = 1000, Gate = gate });

        var job = await Harness.DownloadAsync(Server.Url("/slow.bin"), Harness.Out("slow.bin"), new TransferRequest { Options = new() { MaxDownloadTime = TimeSpan.FromMilliseconds(400) } });
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);
        gate.Abort();

        Assert.Equal(TransferErrorContext.GeneralQueueManager, failed.Error!.Context);
        Assert.Contains("maximum download time", failed.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FiltersAndShowsLiveProgress()
    {
        var (held, gate, _) = await StartHeldDownloadAsync("listed.bin", 200_000, 60_000);
        await Engine.CreateAsync(new TransferRequest { Suspended = true, Owner = "someone-else" });

        var all = Engine.List();
        var mine = Engine.List(new TransferQuery { Owner = Harness.Options.DefaultOwner });
        var suspended = Engine.List(new TransferQuery { States = [TransferState.Suspended] });

        Assert.Equal(2, all.Count);
        Assert.Equal(held.Id, Assert.Single(mine).Id);
        Assert.Equal(60_000, mine[0].BytesTransferred);
        Assert.Equal("someone-else", Assert.Single(suspended).Owner);
        gate.Release();
    }

    [Fact]
    public async Task ListPages_CoverEveryMatchingJobOnce_InCreationOrder()
    {
        var created = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await Engine.CreateAsync(new TransferRequest { Suspended = true, Owner = i % 2 == 0 ? "even" : "odd", Options = new() { DisplayName = $"job{i}" } })).Id);
        }

        var pages = Engine.ListPages(new TransferQuery { Owner = "even" }, pageSize: 2).ToList();

        Assert.Equal([2, 2], pages.Select(p => p.Count));
        Assert.Equal(created.Where((_, i) => i % 2 == 0), pages.SelectMany(p => p).Select(t => t.Id));
        Assert.Equal(created, Engine.ListPages(null, pageSize: 3).SelectMany(p => p).Select(t => t.Id));
    }

    [Fact]
    public async Task ListWithoutFiles_KeepsTheTotals_AndLeavesTheFileListOut()
    {
        var (held, gate, _) = await StartHeldDownloadAsync("summary.bin", 200_000, 60_000);

        var summary = Assert.Single(Engine.List(new TransferQuery { WithoutFiles = true }));
        var full = Assert.Single(Engine.List());
        gate.Release();

        Assert.Equal(held.Id, summary.Id);
        Assert.Empty(summary.Files);
        Assert.Single(full.Files);
        Assert.Equal((full.BytesTotal, full.BytesTransferred, full.FilesTotal, full.FilesTransferred), (summary.BytesTotal, summary.BytesTransferred, summary.FilesTotal, summary.FilesTransferred));
        Assert.Equal(60_000, summary.BytesTransferred);
    }
}
