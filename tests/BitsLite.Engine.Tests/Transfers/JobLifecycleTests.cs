using BitsLite.Engine.Requests;
using BitsLite.Engine.Tests.Infrastructure;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Transfers;

public class JobLifecycleTests : IAsyncLifetime
{
    private FaultServer _server = null!;
    private EngineHarness _engine = null!;

    public async Task InitializeAsync()
    {
        _server = await FaultServer.StartAsync();
        _engine = await EngineHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static async Task<TransferException> Refused(Func<Task> operation) => await Assert.ThrowsAsync<TransferException>(operation);

    /// <summary>A job held mid-body by a gate: it is Transferring with some bytes on disk.</summary>
    private async Task<(TransferInfo Job, ResponseGate Gate, byte[] Content)> HeldJobAsync(string name, int size = 200_000, int pauseAt = 60_000)
    {
        var content = EngineHarness.RandomBytes(size);
        var gate = new ResponseGate();
        _server.Serve("/" + name, content, new FaultPlan { PauseAfterBytes = pauseAt, Gate = gate });
        var job = await _engine.DownloadAsync(_server.Url("/" + name), _engine.Out(name));
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);
        await _engine.WaitUntilAsync(job.Id, t => t.BytesTransferred == pauseAt, "bytes at the gate");
        return (job, gate, content);
    }

    [Fact]
    public async Task Complete_OnAQueuedOrRunningJob_IsRefused_AndChangesNothing()
    {
        var (job, gate, _) = await HeldJobAsync("busy.bin");

        var ex = await Refused(() => _engine.Engine.CompleteAsync(job.Id));

        Assert.Equal(TransferErrorCode.InvalidState, ex.Code);
        Assert.True(ex.Message.Contains("it is Transferring", StringComparison.Ordinal), ex.Message);
        Assert.Equal(TransferState.Transferring, _engine.Engine.Get(job.Id).State);
        gate.Release();
        await _engine.WaitTransferredAsync(job.Id);
    }

    [Fact]
    public async Task SuspendMidTransfer_KeepsProgress_AndResumeContinuesWithARange()
    {
        var (job, gate, content) = await HeldJobAsync("pause.bin");

        var suspended = await _engine.Engine.SuspendAsync(job.Id);
        gate.Abort();

        Assert.Equal(TransferState.Suspended, suspended.State);
        Assert.Equal(60_000, suspended.BytesTransferred);
        Assert.Equal(TransferState.Suspended, (await _engine.Engine.SuspendAsync(job.Id)).State);

        await _engine.Engine.ResumeAsync(job.Id);
        await _engine.WaitTransferredAsync(job.Id);
        await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(_engine.Out("pause.bin")));
        Assert.Equal("bytes=60000-", _server.RequestsFor("/pause.bin")[1].Range);
    }

    [Fact]
    public async Task Cancel_DeletesTemporaryFiles_LeavesDestinationsAlone_AndIsFinal()
    {
        File.WriteAllText(_engine.Out("cancel.bin"), "older version");
        var (job, gate, _) = await HeldJobAsync("cancel.bin");
        Assert.Single(Directory.GetFiles(_engine.Directory.Path, ".*bitslite-part"));

        var cancelled = await _engine.Engine.CancelAsync(job.Id);
        gate.Abort();

        Assert.Equal(TransferState.Cancelled, cancelled.State);
        Assert.Empty(Directory.GetFiles(_engine.Directory.Path, ".*bitslite-part"));
        Assert.Equal("older version", File.ReadAllText(_engine.Out("cancel.bin")));
        Assert.Equal(TransferErrorCode.InvalidState, (await Refused(() => _engine.Engine.ResumeAsync(job.Id))).Code);
        Assert.Equal(TransferErrorCode.InvalidState, (await Refused(() => _engine.Engine.CompleteAsync(job.Id))).Code);
        Assert.Equal(TransferErrorCode.InvalidState, (await Refused(() => _engine.Engine.CancelAsync(job.Id))).Code);
        Assert.Equal(TransferState.Cancelled, _engine.Engine.Get(job.Id).State);
    }

    [Fact]
    public async Task Acknowledged_IsFinal_AndCompleteReplacesAnExistingFile()
    {
        File.WriteAllText(_engine.Out("replace.bin"), "old");
        _server.Serve("/replace.bin", [1, 2, 3]);
        var job = await _engine.DownloadAsync(_server.Url("/replace.bin"), _engine.Out("replace.bin"));
        await _engine.WaitTransferredAsync(job.Id);

        Assert.Equal(TransferErrorCode.InvalidState, (await Refused(() => _engine.Engine.SuspendAsync(job.Id))).Code);
        await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(_engine.Out("replace.bin")));
        foreach (var operation in new Func<Task>[]
        {
            () => _engine.Engine.ResumeAsync(job.Id), () => _engine.Engine.SuspendAsync(job.Id),
            () => _engine.Engine.CancelAsync(job.Id), () => _engine.Engine.CompleteAsync(job.Id),
            () => _engine.Engine.SetAsync(job.Id, new TransferSettings { Priority = TransferPriority.Low }),
            () => _engine.Engine.AddFilesAsync(job.Id, [new("http://example.test/x", _engine.Out("x"))]),
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
        _server.Serve("/first.bin", first);
        var gate = new ResponseGate();
        _server.Serve("/second.bin", EngineHarness.RandomBytes(100_000), new FaultPlan { PauseAfterBytes = 30_000, Gate = gate });
        var job = await _engine.Engine.CreateAsync(new TransferRequest
        {
            Files = [new(_server.Url("/first.bin").AbsoluteUri, _engine.Out("first.bin")), new(_server.Url("/second.bin").AbsoluteUri, _engine.Out("second.bin"))],
        });
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);
        await _engine.Engine.SuspendAsync(job.Id);
        gate.Abort();

        var done = await _engine.Engine.CompleteAsync(job.Id);

        Assert.Equal(TransferState.Acknowledged, done.State);
        Assert.Equal(EngineHarness.Sha256(first), EngineHarness.Sha256(_engine.Out("first.bin")));
        Assert.False(File.Exists(_engine.Out("second.bin")));
        Assert.Empty(Directory.GetFiles(_engine.Directory.Path, ".*bitslite-part"));
    }

    [Fact]
    public async Task ASuspendedJob_WithoutFiles_CannotResume_UntilFilesAreAdded()
    {
        var job = await _engine.Engine.CreateAsync(new TransferRequest { Suspended = true, DisplayName = "later" });
        Assert.Equal(TransferState.Suspended, job.State);

        Assert.Equal(TransferErrorCode.EmptyJob, (await Refused(() => _engine.Engine.ResumeAsync(job.Id))).Code);
        Assert.Equal(TransferErrorCode.EmptyJob, (await Refused(() => _engine.Engine.CreateAsync(new TransferRequest()))).Code);

        _server.Serve("/late.bin", [9, 9]);
        await _engine.Engine.AddFilesAsync(job.Id, [new(_server.Url("/late.bin").AbsoluteUri, _engine.Out("late.bin"))]);
        await _engine.Engine.ResumeAsync(job.Id);
        await _engine.WaitTransferredAsync(job.Id);
    }

    [Fact]
    public async Task AddingFilesToATransferredJob_QueuesItAgain()
    {
        _server.Serve("/a.bin", [1]);
        _server.Serve("/b.bin", [2]);
        var job = await _engine.DownloadAsync(_server.Url("/a.bin"), _engine.Out("a.bin"));
        await _engine.WaitTransferredAsync(job.Id);

        var added = await _engine.Engine.AddFilesAsync(job.Id, [new(_server.Url("/b.bin").AbsoluteUri, _engine.Out("b.bin"))]);
        Assert.Equal(2, added.FilesTotal);
        var done = await _engine.WaitTransferredAsync(job.Id);
        Assert.Equal(2, done.FilesTransferred);
        Assert.Single(_server.RequestsFor("/a.bin"));
    }

    [Fact]
    public async Task ResumeOfAnErrorJob_TriesAgain()
    {
        _server.Serve("/later.bin", [7, 7, 7], new FaultPlan { FailStatus = 404, FailTimes = 1 });
        var job = await _engine.DownloadAsync(_server.Url("/later.bin"), _engine.Out("later.bin"));
        await _engine.WaitForAsync(job.Id, TransferState.Error);

        await _engine.Engine.ResumeAsync(job.Id);
        var done = await _engine.WaitTransferredAsync(job.Id);

        Assert.Equal(1, done.ErrorCount);
        Assert.Null(done.Error);
    }

    [Fact]
    public async Task UnknownIds_AreNotFound()
    {
        var id = Guid.NewGuid();
        Assert.Equal(TransferErrorCode.NotFound, Assert.Throws<TransferException>(() => _engine.Engine.Get(id)).Code);
        Assert.Equal(TransferErrorCode.NotFound, (await Refused(() => _engine.Engine.ResumeAsync(id))).Code);
        Assert.Equal(TransferErrorCode.NotFound, (await Refused(() => _engine.Engine.CancelAsync(id))).Code);
    }

    [Fact]
    public async Task ADestinationUsedByAnotherLiveJob_IsRefused_AndNothingIsStored()
    {
        _server.Serve("/one.bin", [1]);
        var first = await _engine.Engine.CreateAsync(new TransferRequest { Suspended = true, Files = [new(_server.Url("/one.bin").AbsoluteUri, _engine.Out("shared.bin"))] });

        var ex = await Refused(() => _engine.Engine.CreateAsync(new TransferRequest
        {
            Files = [new(_server.Url("/one.bin").AbsoluteUri, _engine.Out("other.bin")), new(_server.Url("/one.bin").AbsoluteUri, _engine.Out("shared.bin"))],
        }));

        Assert.Equal(TransferErrorCode.DestinationConflict, ex.Code);
        Assert.Single(_engine.Engine.List());
        await _engine.Engine.CancelAsync(first.Id);
        // Once the first job is gone, the destination is free again.
        await _engine.Engine.CreateAsync(new TransferRequest { Suspended = true, Files = [new(_server.Url("/one.bin").AbsoluteUri, _engine.Out("shared.bin"))] });
    }

    [Fact]
    public async Task SettingsChange_AndAreValidated()
    {
        var job = await _engine.Engine.CreateAsync(new TransferRequest { Suspended = true, DisplayName = "before" });

        var changed = await _engine.Engine.SetAsync(job.Id, new TransferSettings
        {
            DisplayName = "after", Priority = TransferPriority.Low, RetryInterval = TimeSpan.FromMinutes(2),
            MaxBandwidth = 1000, CustomHeaders = ["X-A: 1"], MaxDownloadTime = TimeSpan.FromHours(1),
        });

        Assert.Equal(("after", TransferPriority.Low, TimeSpan.FromMinutes(2), 1000L, TimeSpan.FromHours(1)), (changed.DisplayName, changed.Priority, changed.RetryInterval, changed.MaxBandwidth!.Value, changed.MaxDownloadTime!.Value));
        Assert.Equal(["X-A: 1"], changed.CustomHeaders);
        var cleared = await _engine.Engine.SetAsync(job.Id, new TransferSettings { MaxBandwidth = 0, MaxDownloadTime = TimeSpan.Zero });
        Assert.Null(cleared.MaxBandwidth);
        Assert.Null(cleared.MaxDownloadTime);
        Assert.Equal(TransferErrorCode.InvalidArgument, (await Refused(() => _engine.Engine.SetAsync(job.Id, new TransferSettings { Description = new string('x', 2000) }))).Code);
        Assert.Equal(TransferErrorCode.InvalidArgument, (await Refused(() => _engine.Engine.SetAsync(job.Id, new TransferSettings { CustomHeaders = ["bad header"] }))).Code);
    }

    [Fact]
    public async Task UploadJobs_AreRefusedClearly_ForNow()
    {
        var ex = await Refused(() => _engine.Engine.CreateAsync(new TransferRequest { TransferType = TransferType.Upload, Suspended = true }));
        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        Assert.Contains("only downloads", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxDownloadTime_PutsASlowJobInError()
    {
        var gate = new ResponseGate();
        _server.Serve("/slow.bin", EngineHarness.RandomBytes(10_000), new FaultPlan { PauseAfterBytes = 1000, Gate = gate });

        var job = await _engine.DownloadAsync(_server.Url("/slow.bin"), _engine.Out("slow.bin"), new TransferRequest { MaxDownloadTime = TimeSpan.FromMilliseconds(400) });
        var failed = await _engine.WaitForAsync(job.Id, TransferState.Error);
        gate.Abort();

        Assert.Equal(TransferErrorContext.GeneralQueueManager, failed.Error!.Context);
        Assert.Contains("maximum download time", failed.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FiltersAndShowsLiveProgress()
    {
        var (held, gate, _) = await HeldJobAsync("listed.bin");
        await _engine.Engine.CreateAsync(new TransferRequest { Suspended = true, Owner = "someone-else" });

        var all = _engine.Engine.List();
        var mine = _engine.Engine.List(new TransferQuery { Owner = _engine.Options.DefaultOwner });
        var suspended = _engine.Engine.List(new TransferQuery { States = [TransferState.Suspended] });

        Assert.Equal(2, all.Count);
        Assert.Equal(held.Id, Assert.Single(mine).Id);
        Assert.Equal(60_000, mine[0].BytesTransferred);
        Assert.Equal("someone-else", Assert.Single(suspended).Owner);
        gate.Release();
    }
}
