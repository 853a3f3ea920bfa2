using BitsLite.PowerShell.Selection;
using BitsLite.PowerShell.Tests.Support;

namespace BitsLite.PowerShell.Tests.Selection;

public sealed class TransferSelectionTests
{
    [Fact]
    public void ByName_ReturnsEachMatchOnceInOrder_AndThePlainNamesThatMatchedNothing()
    {
        var a = Transfers.Named("nightly-a");
        var b = Transfers.Named("nightly-b");
        var c = Transfers.Named("iso");

        var (matches, unmatched) = TransferSelection.ByName([a, b, c], ["nightly*", "nightly-a", "missing", "nope*"]);

        Assert.Equal([a, b], matches);
        Assert.Equal(["missing"], unmatched);
    }

    [Fact]
    public void ByName_MatchesEveryTransferThatSharesAName()
    {
        var first = Transfers.Named("daily");
        var second = Transfers.Named("daily");

        var (matches, unmatched) = TransferSelection.ByName([first, second], ["DAILY"]);

        Assert.Equal([first, second], matches);
        Assert.Empty(unmatched);
    }
}
