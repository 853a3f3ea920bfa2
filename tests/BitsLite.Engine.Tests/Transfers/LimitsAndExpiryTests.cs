using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Transfers;

public class LimitsAndExpiryTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private EngineHarness _engine = null!;

    public async Task InitializeAsync() => _engine = await EngineHarness.StartAsync(o => o with
    {
        MaxJobsPerOwner = 3,
        MaxFilesPerJob = 2,
        InactivityTimeout = TimeSpan.FromDays(90),
        ExpirySweepInterval = TimeSpan.FromHours(1),
        TimeProvider = _time,
    });

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private TransferFileSpec File(string name) => new("http://127.0.0.1:1/" + name, _engine.Out(name));

    [Fact]
    public async Task JobsPerOwner_AreLimited_CountingOnlyLiveJobs()
    {
        var jobs = new List<TransferInfo>();
        for (var i = 0; i < 3; i++)
        {
            jobs.Add(await _engine.Engine.CreateAsync(new TransferRequest { Suspended = true }));
        }

        var ex = await Assert.ThrowsAsync<TransferException>(() => _engine.Engine.CreateAsync(new TransferRequest { Suspended = true }));
        Assert.Equal(TransferErrorCode.LimitReached, ex.Code);
        Assert.Contains("(3)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, _engine.Engine.List().Count);

        // Another owner has room, and a finished job frees a place.
        await _engine.Engine.CreateAsync(new TransferRequest { Suspended = true, Owner = "other" });
        await _engine.Engine.CancelAsync(jobs[0].Id);
        await _engine.Engine.CreateAsync(new TransferRequest { Suspended = true });
    }

    [Fact]
    public async Task FilesPerJob_AreLimited_OnCreateAndOnAdd()
    {
        var ex = await Assert.ThrowsAsync<TransferException>(() => _engine.Engine.CreateAsync(new TransferRequest { Suspended = true, Files = [File("a"), File("b"), File("c")] }));
        Assert.Equal(TransferErrorCode.LimitReached, ex.Code);

        var job = await _engine.Engine.CreateAsync(new TransferRequest { Suspended = true, Files = [File("a")] });
        await _engine.Engine.AddFilesAsync(job.Id, [File("b")]);
        var add = await Assert.ThrowsAsync<TransferException>(() => _engine.Engine.AddFilesAsync(job.Id, [File("c")]));
        Assert.Equal(TransferErrorCode.LimitReached, add.Code);
        Assert.Equal(2, _engine.Engine.Get(job.Id).FilesTotal);
    }

    [Fact]
    public async Task JobsUntouchedForTheInactivityPeriod_AreCancelled_AndTheirTemporaryFilesRemoved()
    {
        var stale = await _engine.Engine.CreateAsync(new TransferRequest { Suspended = true, Files = [File("stale.bin")] });
        var temporary = await StoreReader.TempPathAsync(_engine.DatabasePath, stale.Id);
        await System.IO.File.WriteAllBytesAsync(temporary, [1, 2, 3]);
        _time.Advance(TimeSpan.FromDays(60));
        var fresh = await _engine.Engine.CreateAsync(new TransferRequest { Suspended = true });

        _time.Advance(TimeSpan.FromDays(31));
        await _engine.WaitForAsync(stale.Id, TransferState.Cancelled);

        var expired = _engine.Engine.Get(stale.Id);
        Assert.Contains("90 days without activity", expired.Error!.Description, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(temporary));
        Assert.Equal(TransferState.Suspended, _engine.Engine.Get(fresh.Id).State);
    }

    [Fact]
    public async Task JobsThatExpiredWhileNoEngineRan_AreCancelledOnOpen()
    {
        var stale = await _engine.Engine.CreateAsync(new TransferRequest { Suspended = true });
        await _engine.CloseAsync();
        _time.Advance(TimeSpan.FromDays(91));

        await _engine.OpenAsync();

        Assert.Equal(TransferState.Cancelled, _engine.Engine.Get(stale.Id).State);
    }
}
