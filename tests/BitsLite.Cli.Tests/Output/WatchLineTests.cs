using System.Text.Json;
using BitsLite.Cli.Output;
using BitsLite.Client.Watching;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Output;

/// <summary>
/// The lines of <c>bitslite watch</c>: with <c>--json</c> a contract scripts depend on (the members, their names and
/// order, what is left out), and without it one readable line per event.
/// </summary>
public sealed class WatchLineTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 2, 500, TimeSpan.Zero);

    private static readonly TransferInfo Job = new()
    {
        Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        Owner = "ann",
        Options = new TransferOptions { DisplayName = "isos", Description = "not in a line" },
        State = TransferState.Suspended,
        BytesTotal = 104_857_600,
        BytesTransferred = 47_395_635,
        FilesTotal = 2,
        FilesTransferred = 1,
        Files = [new TransferFileInfo { Source = "https://example.com/a.iso", Destination = "/data/a.iso" }],
    };

    [Fact]
    public void AStateChange_HasTheCommonMembersInOrder_ThenThePreviousState()
    {
        var line = Json(new TransferWatchEvent { Kind = TransferWatchEventKind.StateChanged, Time = At, Transfer = Job, PreviousState = TransferState.Transferring });

        Assert.Equal(
            """{"time":"2026-03-01T10:00:02.5+00:00","kind":"StateChanged","id":"0f8fad5b-d9cb-469f-a165-70867728950e","name":"isos","state":"Suspended","previousState":"Transferring","bytesTransferred":47395635,"bytesTotal":104857600,"percentComplete":45.2,"filesTransferred":1,"filesTotal":2}""",
            line);
    }

    [Fact]
    public void ProgressOfAnUnknownSize_LeavesOutWhatDoesNotApply()
    {
        var job = Job with { State = TransferState.Transferring, BytesTotal = -1 };

        var members = Members(Json(new TransferWatchEvent { Kind = TransferWatchEventKind.Progress, Time = At, Transfer = job }));

        Assert.Equal(["time", "kind", "id", "name", "state", "bytesTransferred", "bytesTotal", "filesTransferred", "filesTotal"], members);
    }

    [Fact]
    public void AnError_CarriesTheJobsError_AndAResyncSaysSo()
    {
        var failed = Job with
        {
            State = TransferState.Error,
            Error = new TransferError { Context = TransferErrorContext.RemoteFile, Description = "The server answered 404.", HttpStatus = 404, Time = At },
        };

        var line = JsonDocument.Parse(Json(new TransferWatchEvent { Kind = TransferWatchEventKind.StateChanged, Time = At, Transfer = failed, PreviousState = TransferState.Transferring, Resync = true })).RootElement;

        Assert.Equal(404, line.GetProperty("error").GetProperty("httpStatus").GetInt32());
        Assert.Equal("RemoteFile", line.GetProperty("error").GetProperty("context").GetString());
        Assert.True(line.GetProperty("resync").GetBoolean());
    }

    [Fact]
    public void AQueueReason_ShowsOnlyWhileQueued_AndAnOldErrorOnlyInAnErrorState()
    {
        var queued = Job with
        {
            State = TransferState.Queued,
            QueueReason = "waiting for an unmetered network",
            Error = new TransferError { Context = TransferErrorContext.RemoteFile, Description = "an old 503", IsTransient = true },
        };

        var line = JsonDocument.Parse(Json(new TransferWatchEvent { Kind = TransferWatchEventKind.Current, Time = At, Transfer = queued })).RootElement;

        Assert.Equal("waiting for an unmetered network", line.GetProperty("queueReason").GetString());
        Assert.False(line.TryGetProperty("error", out _));
        Assert.False(line.TryGetProperty("resync", out _));
        Assert.False(line.TryGetProperty("previousState", out _));
    }

    [Fact]
    public void AsText_AStateChangeIsOneLine_WithTheMoveAndTheProgress()
    {
        var text = WatchLineText.Format(new TransferWatchEvent { Kind = TransferWatchEventKind.StateChanged, Time = At, Transfer = Job, PreviousState = TransferState.Transferring }, TimeZoneInfo.Utc);

        Assert.Equal("2026-03-01 10:00:02  0f8fad5b  isos: Transferring -> Suspended  45.2%  45.2 MiB / 100 MiB  files 1/2" + Environment.NewLine, text);
    }

    [Fact]
    public void AsText_EachKindSaysWhatHappened()
    {
        string Line(TransferWatchEventKind kind, TransferInfo job) =>
            WatchLineText.Format(new TransferWatchEvent { Kind = kind, Time = At, Transfer = job }, TimeZoneInfo.Utc)["2026-03-01 10:00:02  0f8fad5b  ".Length..].TrimEnd();

        Assert.Equal("isos: Suspended  45.2%  45.2 MiB / 100 MiB  files 1/2", Line(TransferWatchEventKind.Current, Job));
        Assert.Equal("isos: created, Queued (waiting for an unmetered network)  0 B / ?", Line(TransferWatchEventKind.Created, Job with { State = TransferState.Queued, QueueReason = "waiting for an unmetered network", BytesTotal = -1, BytesTransferred = 0, FilesTotal = 1 }));
        Assert.Equal("isos: 45.2%  45.2 MiB / 100 MiB  files 1/2", Line(TransferWatchEventKind.Progress, Job));
        Assert.Equal("isos: changed  45.2%  45.2 MiB / 100 MiB  files 1/2", Line(TransferWatchEventKind.Changed, Job));
    }

    private static string Json(TransferWatchEvent e) => JsonSerializer.Serialize(WatchLine.From(e), WatchJsonContext.Default.WatchLine);

    private static List<string> Members(string json) => [.. JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name)];
}
