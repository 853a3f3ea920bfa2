using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;
using BitsLite.Testing.FaultServing;
using Xunit.Abstractions;

namespace BitsLite.Engine.Tests.Transfers;

/// <summary>
/// Downloads into a small tmpfs of their own (<see cref="SmallFileSystem"/>, which needs root): a file whose size is known
/// is given its space before its first byte, or refused at once, in Error, taking nothing; a file of unknown size that
/// fills the disk stops there, in Error too; either resumes once space is freed, and a cancel leaves nothing behind.
/// </summary>
public sealed class FullDiskTests(ITestOutputHelper output) : TransferTestBase
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task AFileThatCannotFit_FailsBeforeItsFirstByte_SayingWhatItNeedsAndWhatIsFreeWhere()
    {
        using var disk = Mount(8 * MiB);
        if (disk is null)
        {
            return;
        }

        var (failed, content) = await RefuseBigFileAsync(disk);

        Assert.Equal(TransferState.Error, failed.State);
        Assert.Equal(TransferErrorContext.LocalFile, failed.Error!.Context);
        Assert.False(failed.Error.IsTransient);
        Assert.Equal(Server.Url("/big.bin").AbsoluteUri, failed.Error.Source);
        Assert.Equal($"Needs 5.00 MiB for 'big.bin', 2.00 MiB free on {disk.Path} (tmpfs). Free some space there, then resume the job.", failed.Error.Description);
        Assert.Equal((content.Length, 0L), (failed.Files[0].BytesTotal, failed.Files[0].BytesTransferred));

        // The refusal took nothing: no byte written, no block kept, and no retry to grow the file later.
        Assert.Equal(2 * MiB, disk.Available);
        var part = Assert.Single(disk.Files());
        Assert.Equal(0, new FileInfo(disk.File(part)).Length);
        Assert.Single(Server.RequestsFor("/big.bin"));
    }

    [Fact]
    public async Task ARefusedFile_FinishesOnResumeOnceSpaceIsFreed()
    {
        using var disk = Mount(8 * MiB);
        if (disk is null)
        {
            return;
        }

        var (failed, content) = await RefuseBigFileAsync(disk);

        disk.FreeSpace();
        await Engine.ResumeAsync(failed.Id);
        await Harness.WaitTransferredAsync(failed.Id);
        await Engine.CompleteAsync(failed.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(disk.File("big.bin")));
        Assert.Equal(["big.bin"], disk.Files());
    }

    [Fact]
    public async Task CancellingARefusedJob_LeavesNothingOnTheDisk()
    {
        using var disk = Mount(8 * MiB);
        if (disk is null)
        {
            return;
        }

        var (failed, _) = await RefuseBigFileAsync(disk);
        Assert.Equal((TransferState.Error, 2 * MiB), (failed.State, disk.Available));

        await Engine.CancelAsync(failed.Id);

        Assert.Empty(disk.Files());
        Assert.Equal(2 * MiB, disk.Available);
    }

    [Fact]
    public async Task InAJobOfSeveralFiles_TheOneThatCannotFitIsRefused_AndTheFilesBeforeItAreKept()
    {
        using var disk = Mount(4 * MiB);
        if (disk is null)
        {
            return;
        }

        var small = Serve("/a.bin", 1 * MiB);
        Serve("/big.bin", 5 * MiB);
        var job = await Engine.CreateAsync(new TransferRequest
        {
            Files = [new(Server.Url("/a.bin").AbsoluteUri, disk.File("a.bin")), new(Server.Url("/big.bin").AbsoluteUri, disk.File("big.bin"))],
        });

        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error, TransferState.Transferred);

        Assert.Equal(TransferState.Error, failed.State);
        Assert.Equal($"Needs 5.00 MiB for 'big.bin', 3.00 MiB free on {disk.Path} (tmpfs). Free some space there, then resume the job.", failed.Error!.Description);
        Assert.Equal(1, failed.FilesTransferred);

        // Complete keeps the file that finished; the refused one leaves nothing.
        await Engine.CompleteAsync(job.Id);
        Assert.Equal(["a.bin"], disk.Files());
        Assert.Equal(EngineHarness.Sha256(small), EngineHarness.Sha256(disk.File("a.bin")));
    }

    [Fact]
    public async Task AFileOfUnknownSize_ThatFillsTheDisk_PutsTheJobInError_AndStopsGrowing()
    {
        using var disk = Mount(8 * MiB);
        if (disk is null)
        {
            return;
        }

        disk.Fill(6 * MiB);
        var content = Serve("/chunked.bin", 5 * MiB, new FaultPlan { Chunked = true });
        var job = await Harness.DownloadAsync(Server.Url("/chunked.bin"), disk.File("chunked.bin"));

        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error, TransferState.TransientError, TransferState.Transferred);

        Assert.Equal(TransferState.Error, failed.State);
        Assert.Equal(TransferErrorContext.LocalFile, failed.Error!.Context);
        Assert.StartsWith("The disk is full: writing '", failed.Error.Description, StringComparison.Ordinal);
        Assert.EndsWith($"; 0 B free on {disk.Path} (tmpfs). Free some space there, then resume the job.", failed.Error.Description, StringComparison.Ordinal);
        Assert.Single(Server.RequestsFor("/chunked.bin"));

        // Freed space is not taken back by a retry; the user's resume goes on from the bytes kept.
        Assert.Equal(0, disk.Available);
        disk.FreeSpace();
        Assert.Equal(6 * MiB, disk.Available);
        await Engine.ResumeAsync(job.Id);
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(disk.File("chunked.bin")));
    }

    [Fact]
    public async Task TheWholeFileIsReservedUpFront_WhileItsLengthSaysOnlyWhatArrived_SoAResumeStartsThere()
    {
        using var disk = Mount(8 * MiB);
        if (disk is null)
        {
            return;
        }

        var content = EngineHarness.RandomBytes(5 * MiB);
        var gate = new ResponseGate();
        Server.Serve("/held.bin", content, new FaultPlan { PauseAfterBytes = 1 * MiB, Gate = gate });
        var job = await Harness.DownloadAsync(Server.Url("/held.bin"), disk.File("held.bin"));
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);
        await Harness.WaitUntilAsync(job.Id, t => t.BytesTransferred == 1 * MiB, "the bytes before the pause");

        Assert.True(disk.Used >= 5 * MiB, $"Only {disk.Used:N0} bytes are taken while 1 MiB of 5 arrived: the file was not reserved.");
        Assert.Equal(1 * MiB, new FileInfo(disk.File(Assert.Single(disk.Files()))).Length);

        await Harness.CloseAsync();
        gate.Abort();
        await Harness.OpenAsync();
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(disk.File("held.bin")));
        Assert.Equal("bytes=1048576-", Server.RequestsFor("/held.bin")[1].Range);
        Assert.Equal(5 * MiB, disk.Used);
    }

    [Fact]
    public async Task AFileThatShrankBetweenAttempts_GivesBackTheSpaceItsFormerSizeReserved()
    {
        using var disk = Mount(8 * MiB);
        if (disk is null)
        {
            return;
        }

        // The first answer announces 5 MiB and breaks before its body; the next serves a new version of 1 MiB.
        var smaller = EngineHarness.RandomBytes(1 * MiB);
        Serve("/shrinks.bin", 5 * MiB, new FaultPlan { DropAfterBytes = 0, ChangeContentAfterRequests = 1, ChangedContent = smaller });
        var job = await Harness.DownloadAsync(Server.Url("/shrinks.bin"), disk.File("shrinks.bin"));

        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        Assert.Equal(2, Server.RequestsFor("/shrinks.bin").Count);
        Assert.Equal(EngineHarness.Sha256(smaller), EngineHarness.Sha256(disk.File("shrinks.bin")));
        Assert.Equal(1 * MiB, disk.Used);
    }

    [Fact]
    public async Task OnExt4_ARefusedFile_GivesBackTheBlocksItsFailedReservationClaimed()
    {
        // ext4, unlike tmpfs, keeps what a fallocate that ran out of space had claimed until the file is truncated.
        using var disk = SmallFileSystem.TryMountExt4(16 * MiB, out var why);
        if (disk is null)
        {
            output.WriteLine($"SKIPPED: {why}.");
            return;
        }

        var free = disk.Available;
        Serve("/big.bin", 24 * MiB);
        var job = await Harness.DownloadAsync(Server.Url("/big.bin"), disk.File("big.bin"));

        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error, TransferState.TransientError, TransferState.Transferred);

        Assert.Equal(TransferState.Error, failed.State);
        Assert.StartsWith("Needs 24.0 MiB for 'big.bin', ", failed.Error!.Description, StringComparison.Ordinal);
        Assert.EndsWith($" free on {disk.Path} (ext4). Free some space there, then resume the job.", failed.Error.Description, StringComparison.Ordinal);
        Assert.Equal(free, disk.Available);
    }

    /// <summary>Leaves 2 MiB free on <paramref name="disk"/> and downloads 5 MiB there: the job as it settles, and the content.</summary>
    private async Task<(TransferInfo Failed, byte[] Content)> RefuseBigFileAsync(SmallFileSystem disk)
    {
        disk.Fill(disk.Size - (2 * MiB));
        var content = Serve("/big.bin", 5 * MiB);
        var job = await Harness.DownloadAsync(Server.Url("/big.bin"), disk.File("big.bin"));
        return (await Harness.WaitForAsync(job.Id, TransferState.Error, TransferState.TransientError, TransferState.Transferred), content);
    }

    private byte[] Serve(string path, int size, FaultPlan? plan = null)
    {
        var content = EngineHarness.RandomBytes(size);
        Server.Serve(path, content, plan);
        return content;
    }

    private SmallFileSystem? Mount(long size)
    {
        var disk = SmallFileSystem.TryMount(size, out var why);
        if (disk is null)
        {
            output.WriteLine($"SKIPPED: {why}.");
        }

        return disk;
    }
}
