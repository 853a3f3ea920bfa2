using BitsLite.PowerShell.Completion;
using BitsLite.PowerShell.Tests.Support;

namespace BitsLite.PowerShell.Tests.Completion;

public sealed class TransferCompletionTests
{
    [Fact]
    public void Names_StartingWithTheTypedText_SortedAndEachOnce()
    {
        var candidates = TransferCompletion.Names([Transfers.Named("Nightly"), Transfers.Named("iso"), Transfers.Named("nightly"), Transfers.Named("nightly")], "nig");

        Assert.Equal(["Nightly", "nightly"], candidates.Select(c => c.CompletionText));
        Assert.Equal("2 transfers", candidates[1].ToolTip);
    }

    [Fact]
    public void Names_WithSpacesOrQuotes_AreSingleQuoted()
    {
        var candidates = TransferCompletion.Names([Transfers.Named("my file"), Transfers.Named("it's")], "");

        Assert.Equal(["'it''s'", "'my file'"], candidates.Select(c => c.CompletionText));
    }

    [Fact]
    public void Names_EscapeWildcards_SoTheCompletedNameMatchesOnlyItself()
    {
        var completed = Assert.Single(TransferCompletion.Names([Transfers.Named("run[1]")], "run")).CompletionText;

        Assert.Equal("'run`[1`]'", completed);
        Assert.True(new BitsLite.PowerShell.Selection.NamePattern(completed.Trim('\'')).IsMatch("run[1]"));
    }

    [Fact]
    public void Names_AcceptAnOpenQuoteInTheTypedText() =>
        Assert.Single(TransferCompletion.Names([Transfers.Named("my file")], "'my f"));

    [Fact]
    public void Ids_StartingWithTheTypedText_NewestFirst()
    {
        var older = Transfers.Named("a", id: Guid.Parse("aaaa0000-0000-0000-0000-000000000001"), created: DateTimeOffset.UnixEpoch);
        var newer = Transfers.Named("b", id: Guid.Parse("aaaa0000-0000-0000-0000-000000000002"), created: DateTimeOffset.UnixEpoch.AddDays(1));
        var other = Transfers.Named("c", id: Guid.Parse("bbbb0000-0000-0000-0000-000000000003"));

        var candidates = TransferCompletion.Ids([older, newer, other], "AAAA");

        Assert.Equal([newer.Id.ToString(), older.Id.ToString()], candidates.Select(c => c.CompletionText));
        Assert.Contains("b (Queued", candidates[0].ToolTip, StringComparison.Ordinal);
    }

    [Fact]
    public void Candidates_AreBounded()
    {
        var many = Enumerable.Range(0, 500).Select(i => Transfers.Named($"job{i:D3}")).ToList();

        Assert.Equal(TransferCompletion.MaxCandidates, TransferCompletion.Names(many, "job").Count);
    }
}
