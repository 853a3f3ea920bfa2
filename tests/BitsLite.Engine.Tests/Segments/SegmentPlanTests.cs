using BitsLite.Engine.Running.Segments;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Segments;

public class SegmentPlanTests
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(TransferPriority.Foreground, 4, 8, 4)]
    [InlineData(TransferPriority.High, 12, 8, 8)]
    [InlineData(TransferPriority.Normal, 4, 8, 1)]
    [InlineData(TransferPriority.Low, 16, 16, 1)]
    public void Connections_AreTheJobs_CappedByThePolicy_AndOneInTheBackground(TransferPriority priority, int asked, int cap, int expected) =>
        Assert.Equal(expected, SegmentPlan.Connections(priority, asked, cap));

    [Theory]
    [InlineData(8 * MiB - 1, 4, 0)]
    [InlineData(8 * MiB, 4, 2)]
    [InlineData(13 * MiB, 4, 3)]
    [InlineData(1024 * MiB, 4, 4)]
    public void AFile_GetsOneSegmentPer4MiB_AtMostOnePerConnection(long length, int connections, int expected)
    {
        var plan = SegmentPlan.Split(length, connections, 4 * MiB);

        Assert.Equal(expected, plan?.Parts.Count ?? 0);
        if (plan is not null)
        {
            Assert.Equal(0, plan.Parts[0].Start);
            Assert.Equal(length, plan.Total);
            Assert.All(plan.Parts.Skip(1).Zip(plan.Parts), pair => Assert.Equal(pair.Second.End, pair.First.Start));
        }
    }

    [Fact]
    public void StoredSegments_ReadBackAsWritten_AndTheirPrefixStopsAtTheFirstIncompleteOne()
    {
        var segments = new FileSegments([new Segment(0, 100, 100), new Segment(100, 200, 40), new Segment(200, 300, 99)]);

        var read = FileSegments.Parse(segments.ToString());

        Assert.Equal("0-100:100,100-200:40,200-300:99", read!.ToString());
        Assert.Equal(140, read.ContiguousPrefix);
        Assert.Equal(239, read.Done);
    }

    [Theory]
    [InlineData("")]
    [InlineData("junk")]
    [InlineData("0-100:101")]
    [InlineData("0-100:5,150-200:0")]
    [InlineData("10-100:5")]
    [InlineData("0-100:-1")]
    public void StoredSegmentsThatDoNotCoverTheFileFromZero_AreNotTrusted(string text) => Assert.Null(FileSegments.Parse(text));

    [Fact]
    public void AResume_FitsTheRecordedSegments_OnlyAtTheirPrefix_WithTheSameLength()
    {
        var recorded = new FileSegments([new Segment(0, 100, 30), new Segment(100, 200, 50)]);

        Assert.NotNull(SegmentPlan.Resume(recorded, 30, 200, fileLength: 200));
        Assert.Null(SegmentPlan.Resume(recorded, 30, 201, fileLength: 200));
        Assert.Null(SegmentPlan.Resume(recorded, 20, 200, fileLength: 200));

        // A cut temporary file holds less than recorded: no segment claims bytes past its end.
        var clamped = SegmentPlan.Resume(recorded, 30, 200, fileLength: 120);
        Assert.Equal(20, clamped!.Parts[1].Done);
    }
}
