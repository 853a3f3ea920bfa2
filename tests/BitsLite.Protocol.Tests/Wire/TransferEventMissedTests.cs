using System.Text.Json;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;

namespace BitsLite.Protocol.Tests.Wire;

/// <summary>
/// An event's <c>missed</c>: left out when the host dropped nothing before it (so older clients and hosts read and write
/// the same frames as before), and the number dropped when it did.
/// </summary>
public sealed class TransferEventMissedTests
{
    private static readonly TransferInfo Job = new() { Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Owner = "ann" };

    [Fact]
    public void AnEventWithoutLosses_SaysNothingAboutThem()
    {
        var json = Json(new TransferEventMessage(3, TransferEventKind.Progress, Job));

        Assert.DoesNotContain("missed", json, StringComparison.Ordinal);
        Assert.Null(Read(json).Missed);
    }

    [Fact]
    public void AnEventAfterLosses_SaysHowMany()
    {
        var json = Json(new TransferEventMessage(3, TransferEventKind.StateChanged, Job, Missed: 17));

        Assert.Contains("\"missed\":17", json, StringComparison.Ordinal);
        Assert.Equal(17, Read(json).Missed);
    }

    private static string Json(Message message) => JsonSerializer.Serialize(message, ProtocolJsonContext.Default.Message);

    private static TransferEventMessage Read(string json) => Assert.IsType<TransferEventMessage>(JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.Message));
}
