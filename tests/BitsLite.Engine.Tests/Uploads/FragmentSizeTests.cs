using BitsLite.Engine.Tests.Support;
using BitsLite.Engine.Uploads;

namespace BitsLite.Engine.Tests.Uploads;

public class FragmentSizeTests : UploadTestBase
{
    private const long MiB = 1024 * 1024;

    protected override TransferEngineOptions Configure(TransferEngineOptions options) => options with { UploadFragmentSize = 32 * MiB };

    [Fact]
    public void TheFirstFragment_Is8MiB_OrTheMaximumWhenSmaller()
    {
        Assert.Equal(8 * MiB, new FragmentSizer(128 * MiB).Next);
        Assert.Equal(1000, new FragmentSizer(1000).Next);
    }

    [Fact]
    public void EachFullFragment_SetsTheNextToAboutOneSecond_WithinTheMinimumAndTheMaximum()
    {
        var sizer = new FragmentSizer(128 * MiB);

        sizer.Sent(8 * MiB, TimeSpan.FromMilliseconds(250));
        Assert.Equal(32 * MiB, sizer.Next);
        sizer.Sent(32 * MiB, TimeSpan.FromMilliseconds(100));
        Assert.Equal(128 * MiB, sizer.Next);
        sizer.Sent(1000, TimeSpan.FromSeconds(10));
        Assert.Equal(128 * MiB, sizer.Next);
        sizer.Sent(128 * MiB, TimeSpan.FromSeconds(100_000));
        Assert.Equal(FragmentSizer.Minimum, sizer.Next);
    }

    [Fact]
    public void AFragmentRefusedAsTooLarge_HalvesTheMaximum_DownToTheMinimum()
    {
        var sizer = new FragmentSizer(16 * MiB);

        Assert.True(sizer.RefusedAsTooLarge(8 * MiB));
        Assert.Equal(4 * MiB, sizer.Next);
        sizer.Sent(4 * MiB, TimeSpan.FromMilliseconds(1));
        Assert.Equal(4 * MiB, sizer.Next);
        while (sizer.RefusedAsTooLarge(sizer.Next))
        {
        }

        Assert.Equal(FragmentSizer.Minimum, sizer.Next);
    }

    [Fact]
    public async Task OnAFastLink_FragmentsGrowFrom8MiB_UpToTheMaximum()
    {
        var (path, content) = LocalFile("fast.bin", (int)(80 * MiB));

        await UploadAndCompleteAsync(path, "/fast.bin");

        var sizes = Server.Packets("Fragment").Select(f => f.ContentLength!.Value).ToList();
        Assert.Equal(8 * MiB, sizes[0]);
        Assert.All(sizes, s => Assert.InRange(s, 1, 32 * MiB));
        Assert.True(sizes.Count < 10, $"{sizes.Count} fragments: {string.Join(", ", sizes)}");
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/fast.bin")!));
    }

    [Theory]
    [InlineData(413)]
    [InlineData(404)]
    public async Task FragmentsRefusedAsTooLarge_ByWhatStandsBeforeTheServer_GetSmaller(int status)
    {
        Server.MaxRequestBody = 3 * MiB;
        Server.LargeRequestStatus = status;
        var (path, content) = LocalFile("limited.bin", (int)(10 * MiB));

        await UploadAndCompleteAsync(path, "/limited.bin");

        var fragments = Server.Packets("Fragment");
        Assert.Equal([8 * MiB, 4 * MiB], fragments.Where(f => f.Status == status).Select(f => f.ContentLength!.Value));
        Assert.All(fragments.Where(f => f.Status == 200), f => Assert.InRange(f.ContentLength!.Value, 1, 2 * MiB));
        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/limited.bin")!));
    }

    [Fact]
    public async Task AnAckedTooLarge_IsTheServersOwnRefusal_AndFatal()
    {
        Server.Inject(new Testing.UploadServing.UploadFault { Packet = "Fragment", Status = 413, ErrorCode = 0x80200020 });
        var (path, _) = LocalFile("big.bin", (int)MiB);

        var job = await UploadAsync(path, "/big.bin");
        var failed = await Harness.WaitForAsync(job.Id, Protocol.Transfers.TransferState.Error);

        Assert.Equal(413, failed.Error!.HttpStatus);
        Assert.Single(Server.Packets("Fragment"));
    }
}
