using BitsLite.Cli.Arguments;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Arguments;

public class NameParserTests
{
    [Theory]
    [InlineData("foreground", TransferPriority.Foreground)]
    [InlineData("HIGH", TransferPriority.High)]
    [InlineData("Normal", TransferPriority.Normal)]
    [InlineData(" low ", TransferPriority.Low)]
    public void Priorities_ParseInAnyCase(string text, TransferPriority expected)
    {
        Assert.True(PriorityParser.TryParse(text, out var priority, out _));
        Assert.Equal(expected, priority);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("0")]
    [InlineData("urgent")]
    [InlineData("")]
    public void NumbersAndUnknownPriorities_AreRefused(string text)
    {
        Assert.False(PriorityParser.TryParse(text, out _, out var error));
        Assert.Contains("foreground|high|normal|low", error, StringComparison.Ordinal);
    }

    [Fact]
    public void States_ParseInAnyCase_AndCommaSeparated()
    {
        var states = new List<TransferState>();
        Assert.True(StateParser.TryParse("error, transientError,Queued", states, out _));
        Assert.Equal([TransferState.Error, TransferState.TransientError, TransferState.Queued], states);
    }

    [Fact]
    public void UnknownStates_AreRefused_WithTheListOfNames()
    {
        Assert.False(StateParser.TryParse("Done", [], out var error));
        Assert.Contains("'Done' is not a job state", error, StringComparison.Ordinal);
        Assert.Contains("Transferred", error, StringComparison.Ordinal);
    }
}
