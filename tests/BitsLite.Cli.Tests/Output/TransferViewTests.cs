using System.Text.Json;
using BitsLite.Cli.Output;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Output;

public class TransferViewTests
{
    private static readonly JsonSerializerOptions WebOptions = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static readonly TransferInfo Sample = SampleJobs.Job("isos", TransferState.Error, Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), total: 4 * 1024 * 1024, done: 1024 * 1024);

    private static readonly TransferInfo Failed = Sample with
    {
        // As the host shows them: header values as ***.
        Options = Sample.Options with { Description = "monthly images", MaxBandwidth = 2 * 1024 * 1024, CustomHeaders = ["X-A: ***", "X-B: ***"] },
        Error = new TransferError
        {
            Context = TransferErrorContext.RemoteFile,
            Description = "The server answered 404 Not Found.",
            HttpStatus = 404,
            Source = "https://example.com/isos",
            Time = new DateTimeOffset(2026, 3, 1, 10, 4, 0, TimeSpan.Zero),
        },
        ErrorCount = 2,
    };

    [Fact]
    public void TheList_HasTheColumns_AndARowPerJob()
    {
        var unknown = SampleJobs.Job("streaming", TransferState.Transferring, Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), total: -1, done: 2048);
        var lines = TransferListView.Render([Failed, unknown]).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^ID\s+NAME\s+STATE\s+PRIORITY\s+DONE\s+BYTES\s+FILES$", lines[0]);
        Assert.Matches(@"^0f8fad5b\s+isos\s+Error\s+Normal\s+25\.0%\s+1\.00 MiB / 4\.00 MiB\s+0/1$", lines[1]);
        Assert.Matches(@"^7c9e6679\s+streaming\s+Transferring\s+Normal\s+-\s+2\.00 KiB / \?\s+0/1$", lines[2]);

        // Aligned: every column starts at the same place on each line.
        Assert.Equal(lines[0].IndexOf("STATE", StringComparison.Ordinal), lines[1].IndexOf("Error", StringComparison.Ordinal));
        Assert.Equal(lines[0].Length, lines[1].Length);
    }

    [Fact]
    public void Details_ShowEveryProperty_TheErrorAndTheFiles()
    {
        var text = TransferDetailsView.Render(Failed, TimeZoneInfo.Utc);
        Assert.Contains("Id:                0f8fad5b-d9cb-469f-a165-70867728950e", text, StringComparison.Ordinal);
        Assert.Contains("Description:       monthly images", text, StringComparison.Ordinal);
        Assert.Contains("State:             Error", text, StringComparison.Ordinal);
        Assert.Contains("Progress:          25.0% (1.00 MiB / 4.00 MiB), 0 of 1 files", text, StringComparison.Ordinal);
        Assert.Contains("Created:           2026-03-01 10:00:00", text, StringComparison.Ordinal);
        Assert.Contains("Error:             The server answered 404 Not Found.", text, StringComparison.Ordinal);
        Assert.Contains("  HTTP status:     404", text, StringComparison.Ordinal);
        Assert.Contains("  Source:          https://example.com/isos", text, StringComparison.Ordinal);
        Assert.Contains("Error count:       2", text, StringComparison.Ordinal);
        Assert.Contains("Retry interval:    10m", text, StringComparison.Ordinal);
        Assert.Contains("Retry timeout:     14d", text, StringComparison.Ordinal);
        Assert.Contains("Max download time: none", text, StringComparison.Ordinal);
        Assert.Contains("Max bandwidth:     2.00 MiB/s", text, StringComparison.Ordinal);
        Assert.Contains("Headers:           X-A: ***" + Environment.NewLine + "                   X-B: ***", text, StringComparison.Ordinal);
        Assert.Contains("bitslite resume 0f8fad5b-d9cb-469f-a165-70867728950e", text, StringComparison.Ordinal);
        Assert.Matches(@"\n   DONE\s+BYTES\s+SOURCE\s+DESTINATION", text);
        Assert.Matches(@"\n  25\.0%\s+1\.00 MiB / 4\.00 MiB\s+https://example.com/isos\s+/data/isos", text);
    }

    [Fact]
    public void Details_SayWhyAQueuedJobWaits()
    {
        var waiting = SampleJobs.Job("isos", TransferState.Queued) with { QueueReason = "waiting for an unmetered network (the current network is metered)" };

        Assert.Contains("State:             Queued, waiting for an unmetered network (the current network is metered)",
            TransferDetailsView.Render(waiting, TimeZoneInfo.Utc), StringComparison.Ordinal);
        Assert.Contains("State:             Queued" + Environment.NewLine, TransferDetailsView.Render(SampleJobs.Job("isos", TransferState.Queued), TimeZoneInfo.Utc), StringComparison.Ordinal);
    }

    [Fact]
    public void Times_AreShownInTheGivenZone()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");
        Assert.Contains("Created:           2026-03-01 12:00:00", TransferDetailsView.Render(Failed, zone), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_UsesCamelCaseEnumNames_AndRoundTrips()
    {
        var json = JsonOutput.Transfer(Failed);
        using (var document = JsonDocument.Parse(json))
        {
            var root = document.RootElement;
            Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", root.GetProperty("id").GetString());
            Assert.Equal("Error", root.GetProperty("state").GetString());
            Assert.Equal("RemoteFile", root.GetProperty("error").GetProperty("context").GetString());
            Assert.Equal(404, root.GetProperty("error").GetProperty("httpStatus").GetInt32());
            Assert.Equal(25.0, root.GetProperty("percentComplete").GetDouble());
            Assert.Equal("00:10:00", root.GetProperty("options").GetProperty("retryInterval").GetString());
            Assert.Equal("00:00:00", root.GetProperty("options").GetProperty("maxDownloadTime").GetString());   // 0 = no limit
            Assert.False(root.GetProperty("options").TryGetProperty("notification", out _), "nulls are left out");
            Assert.False(root.TryGetProperty("transferCompletionTime", out _), "nulls are left out");
        }

        var back = JsonSerializer.Deserialize(json, CliJsonContext.Default.TransferInfo)!;
        Assert.Equal(Failed.Id, back.Id);
        Assert.Equal(Failed.State, back.State);
        Assert.Equal(Failed.Error, back.Error);
        Assert.Equal(Failed.Options.CustomHeaders, back.Options.CustomHeaders);
        Assert.Equal(Failed.Files, back.Files);
        Assert.Equal(Failed.CreationTime, back.CreationTime);
        Assert.Equal(Failed.Options.MaxBandwidth, back.Options.MaxBandwidth);

        // Other tools read it with ordinary options too.
        var plain = JsonSerializer.Deserialize<TransferInfo>(json, WebOptions)!;
        Assert.Equal(Failed.Options.RetryTimeout, plain.Options.RetryTimeout);
    }

    [Fact]
    public void AList_IsAJsonArray()
    {
        var json = JsonOutput.Transfers([Failed, SampleJobs.Job("b")]);
        var back = JsonSerializer.Deserialize(json, CliJsonContext.Default.ListTransferInfo)!;
        Assert.Equal(["isos", "b"], back.Select(j => j.Options.DisplayName));
        Assert.Equal("[]" + Environment.NewLine, JsonOutput.Transfers([]));
    }

    [Fact]
    public void PolicyAndHostStatus_RenderAsJson()
    {
        using (var policy = JsonDocument.Parse(JsonOutput.Policy(new HostPolicy { BackgroundBandwidth = 1000, MaxActiveJobs = 3 })))
        {
            Assert.Equal(1000, policy.RootElement.GetProperty("backgroundBandwidth").GetInt64());
            Assert.Equal(3, policy.RootElement.GetProperty("maxActiveJobs").GetInt32());
            Assert.Equal("Auto", policy.RootElement.GetProperty("networkCostOverride").GetString());
            Assert.Equal("Unknown", policy.RootElement.GetProperty("networkCost").GetString());
        }

        using var status = JsonDocument.Parse(JsonOutput.HostStatus(new HostStatusReport(false, "/run/bitslite/host.sock", null)));
        Assert.False(status.RootElement.GetProperty("running").GetBoolean());
        Assert.Equal("/run/bitslite/host.sock", status.RootElement.GetProperty("socket").GetString());
        Assert.False(status.RootElement.TryGetProperty("host", out _));
    }

    [Fact]
    public void PolicyAndHostStatus_RenderAsText()
    {
        Assert.Contains("Background bandwidth: none", HostPolicyView.Render(new HostPolicy { MaxActiveJobs = 4 }), StringComparison.Ordinal);
        Assert.Contains("Max active jobs:      4", HostPolicyView.Render(new HostPolicy { MaxActiveJobs = 4 }), StringComparison.Ordinal);
        Assert.Contains("Network cost:         auto: unknown (counts as unmetered)", HostPolicyView.Render(new HostPolicy { MaxActiveJobs = 4 }), StringComparison.Ordinal);
        Assert.Equal("auto: metered", HostPolicyView.NetworkCost(new HostPolicy { NetworkCost = NetworkCost.Metered }));
        Assert.Equal("auto: unmetered", HostPolicyView.NetworkCost(new HostPolicy { NetworkCost = NetworkCost.Unmetered }));
        Assert.Equal("metered (override; the system says unmetered)",
            HostPolicyView.NetworkCost(new HostPolicy { NetworkCostOverride = NetworkCostOverride.Metered, NetworkCost = NetworkCost.Unmetered }));
        Assert.Equal("unmetered (override; the system says unknown)",
            HostPolicyView.NetworkCost(new HostPolicy { NetworkCostOverride = NetworkCostOverride.Unmetered }));
        Assert.Contains("not running", HostStatusView.Render(new HostStatusReport(false, "/s", null), DateTimeOffset.UtcNow, TimeZoneInfo.Utc), StringComparison.Ordinal);
        var started = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var text = HostStatusView.Render(new HostStatusReport(true, "/s", new HostStatus
        {
            ProcessId = 7,
            Version = "bitslite-host/0.1.0",
            StartTime = started,
            DataRoot = "/d",
            Database = "/d/jobs.db",
            LogFile = "/d/host.log",
            Socket = "/s",
        }), started.AddMinutes(75), TimeZoneInfo.Utc);
        Assert.Contains("Started:          2026-03-01 10:00:00 (up 1h15m)", text, StringComparison.Ordinal);
        Assert.Contains("Idle timeout:     none (never exits by itself)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SummariesAndErrors_FitInOneLine()
    {
        Assert.Equal("'isos' (0f8fad5b): Error, 25.0% (1.00 MiB / 4.00 MiB), 0 of 1 files", TransferText.Summary(Failed));
        Assert.Equal("The server answered 404 Not Found (HTTP 404, source https://example.com/isos, RemoteFile).", TransferText.Error(Failed.Error!));
        var named = Failed.Error! with { Description = "Cannot reach https://example.com/isos." };
        Assert.Equal("Cannot reach https://example.com/isos (HTTP 404, RemoteFile).", TransferText.Error(named));
    }
}
