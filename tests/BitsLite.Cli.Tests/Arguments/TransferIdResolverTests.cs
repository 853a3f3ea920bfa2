using BitsLite.Cli.Arguments;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Arguments;

/// <summary>
/// The resolver is a pure function over a list of jobs, tested with plain snapshots whose ids are chosen to share
/// prefixes (a real host's random ids would not). Commands resolving ids against the real host: JobQueryTests, JobCommandTests.
/// </summary>
public class TransferIdResolverTests
{
    private static readonly TransferInfo Isos = SampleJobs.Job("isos", id: Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));
    private static readonly TransferInfo Docs = SampleJobs.Job("docs", id: Guid.Parse("0f8fad5c-0000-4000-8000-000000000001"));
    private static readonly TransferInfo OldIsos = SampleJobs.Job("isos", TransferState.Acknowledged, Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"));
    private static readonly TransferInfo[] Jobs = [Isos, Docs, OldIsos];

    [Fact]
    public void AFullId_IsParsedWithoutAList()
    {
        Assert.Equal(Isos.Id, TransferIdResolver.TryParseFullId(" 0F8FAD5B-D9CB-469F-A165-70867728950E "));
        Assert.Equal(Isos.Id, TransferIdResolver.TryParseFullId("0f8fad5bd9cb469fa16570867728950e"));
        Assert.Null(TransferIdResolver.TryParseFullId("0f8fad5b"));
    }

    [Theory]
    [InlineData("0f8fad5b")]
    [InlineData("0F8FAD5B-D9")]
    [InlineData("0f8fad5bd9cb")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    public void AUniquePrefixOrTheFullId_FindsTheJob(string text) =>
        Assert.Equal(Isos.Id, TransferIdResolver.Resolve(text, Jobs).Id);

    [Fact]
    public void AnExactName_FindsTheJob() =>
        Assert.Equal(Docs.Id, TransferIdResolver.Resolve("docs", Jobs).Id);

    [Fact]
    public void ARepeatedName_MeansTheOneLiveJob() =>
        Assert.Equal(Isos.Id, TransferIdResolver.Resolve("isos", Jobs).Id);

    [Fact]
    public void ANameSharedByTwoLiveJobs_IsAmbiguous_AndListsThem()
    {
        var twin = SampleJobs.Job("isos");
        var error = Assert.Throws<CliException>(() => TransferIdResolver.Resolve("isos", [Isos, twin, OldIsos]));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("matches 3 jobs", error.Message, StringComparison.Ordinal);
        Assert.Contains(Isos.Id.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(twin.Id.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APrefixSharedByTwoJobs_IsAmbiguous()
    {
        var error = Assert.Throws<CliException>(() => TransferIdResolver.Resolve("0f8fad5", Jobs));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("matches 2 jobs", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nothing", "no job has the id or name 'nothing'")]
    [InlineData("0f8", "at least 4 characters")]
    [InlineData("ffff", "no job has the id or name 'ffff'")]
    [InlineData("ISOS", "no job has the id or name 'ISOS'")]
    public void NoMatch_IsNotFound(string text, string message)
    {
        var error = Assert.Throws<CliException>(() => TransferIdResolver.Resolve(text, Jobs));
        Assert.Equal(ExitCodes.NotFound, error.ExitCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFullIdOfNoListedJob_IsNotFound()
    {
        var error = Assert.Throws<CliException>(() => TransferIdResolver.Resolve(Guid.NewGuid().ToString(), Jobs));
        Assert.Equal(ExitCodes.NotFound, error.ExitCode);
    }
}
