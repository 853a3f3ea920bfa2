using System.Diagnostics;
using BitsLite.Engine.Tests.Support;
using BitsLite.Engine.Throttling;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Uploads;

public class UploadThrottlingTests : UploadTestBase
{
    // As for downloads (ThrottlingTests): the lower bound is exact but for one burst window of savings; the upper one
    // only catches a throttle far too strict on a loaded machine. bench/ measures the rate properly.
    private static void AssertRespectsLimit(double seconds, long size, long limit)
    {
        var fastest = (size - (limit * TokenBucket.BurstWindow.TotalSeconds)) / limit;
        Assert.True(seconds >= fastest - 0.02, $"{size:N0} bytes took {seconds:0.000} s; at {limit:N0} B/s they need at least {fastest:0.000} s");
        Assert.True(seconds <= 3.0 * size / limit, $"{size:N0} bytes took {seconds:0.000} s, far slower than {limit:N0} B/s");
    }

    [Theory]
    [InlineData(UploadMethod.Bits)]
    [InlineData(UploadMethod.Put)]
    public async Task APerJobLimit_HoldsAnUploadsAverageRate(UploadMethod method)
    {
        var (path, content) = LocalFile("slow.bin", 1_000_000);
        var watch = Stopwatch.StartNew();

        var job = await UploadAsync(path, "/slow.bin", new TransferRequest { Options = new() { Priority = TransferPriority.Foreground, MaxBandwidth = 500_000, UploadMethod = method } });
        await Harness.WaitTransferredAsync(job.Id);

        AssertRespectsLimit(watch.Elapsed.TotalSeconds, 1_000_000, 500_000);
        await Engine.CompleteAsync(job.Id);
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/slow.bin")!));
    }
}
