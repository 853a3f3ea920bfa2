using BitsLite.Engine.Jobs;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Jobs;

/// <summary>A job's settings go in through <see cref="TransferJob.ApplyOptions"/>, which keeps its own bandwidth limit in step.</summary>
public class TransferJobTests
{
    private static TransferJob NewJob() => new() { Id = Guid.NewGuid(), Owner = "me", Clock = new ManualTimeProvider() };

    [Fact]
    public void AJobWithoutALimit_HasNoBucket_AndOneWithALimitHasOneAtThatRate()
    {
        var job = NewJob();

        job.ApplyOptions(new TransferOptions());
        Assert.Null(job.Bandwidth);

        job.ApplyOptions(new TransferOptions { MaxBandwidth = 1000 });
        Assert.Equal(1000, job.Bandwidth!.Rate);
    }

    [Fact]
    public void ANewLimit_ChangesTheRateOfTheSameBucket_SoARunningTransferTakesItAtOnce()
    {
        var job = NewJob().WithOptions(new TransferOptions { MaxBandwidth = 1000 });
        var bucket = job.Bandwidth;

        job.ApplyOptions(job.Options with { MaxBandwidth = 5000 });

        Assert.Same(bucket, job.Bandwidth);
        Assert.Equal(5000, bucket!.Rate);
    }

    [Fact]
    public void ZeroRemovesTheLimit()
    {
        var job = NewJob().WithOptions(new TransferOptions { MaxBandwidth = 1000 });

        job.ApplyOptions(job.Options with { MaxBandwidth = 0 });

        Assert.Null(job.Bandwidth);
    }

    [Fact]
    public void ASnapshot_ShowsTheSettingsRedacted_WhileTheJobKeepsItsSecrets()
    {
        var job = NewJob().WithOptions(new TransferOptions
        {
            DisplayName = "isos",
            CustomHeaders = ["Authorization: Bearer t-1"],
            Credentials = [new TransferCredential { UserName = "ann", Password = "pw-1" }],
        });

        var info = job.ToInfo();

        Assert.Equal("isos", info.Options.DisplayName);
        Assert.Equal(["Authorization: ***"], info.Options.CustomHeaders);
        Assert.Null(Assert.Single(info.Options.Credentials).Password);
        Assert.Equal("pw-1", job.Options.Credentials[0].Password);
        Assert.Equal("Authorization: Bearer t-1", job.Options.CustomHeaders[0]);
    }
}
