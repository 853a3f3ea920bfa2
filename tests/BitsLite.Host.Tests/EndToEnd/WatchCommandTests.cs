using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BitsLite.Client;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// <c>bitslite watch</c> as scripts use it: the real bitslite executable against the real host, its standard output
/// read line by line while it runs, during real transfers from a real HTTP server. The test acts on what it reads
/// (suspends when it sees Transferring, resumes when it sees Suspended), so nothing waits on a clock.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WatchCommandTests : IAsyncLifetime
{
    private const int Size = 2 * 1024 * 1024;

    private static readonly string[] EveryLineHas = ["time", "kind", "id", "name", "state", "bytesTransferred", "bytesTotal", "filesTransferred", "filesTotal"];

    private readonly HostTestEnvironment _env = new();
    private readonly byte[] _content = new byte[Size];
    private FaultServer _server = null!;
    private BitsLiteClient _client = null!;

    public async Task InitializeAsync()
    {
        new Random(15).NextBytes(_content);
        _server = await FaultServer.StartAsync();
        _server.Serve("/big.bin", _content);
        _client = await _env.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _env.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task WatchJson_DuringATransferSuspendedAndResumed_PrintsEachStateInOrder_AndExitsZeroWhenTransferred()
    {
        // Slow enough (64 KiB/s for 2 MiB) that it is still running whenever the test acts.
        var job = await CreateAsync("/big.bin", "big.bin", suspended: true, maxBandwidth: 64 * 1024);
        await using var watch = StreamingCliProcess.Start(_env, "watch", job.Id.ToString(), "--json");

        var lines = new List<JsonElement>();
        var suspended = false;
        var resumed = false;
        while (await watch.ReadLineAsync() is { } text)
        {
            var line = Parse(text);
            lines.Add(line);
            var state = line.GetProperty("state").GetString();
            if (lines.Count == 1)
            {
                // The watch subscribed before it printed the job as it stands: from here no change goes unseen.
                Assert.Equal("Current", line.GetProperty("kind").GetString());
                Assert.Equal("Suspended", state);
                await _client.ResumeAsync(job.Id);
            }
            else if (line.GetProperty("kind").GetString() == "Progress" && !suspended)
            {
                suspended = true;
                await _client.SuspendAsync(job.Id);
            }
            else if (state == "Suspended" && suspended && !resumed)
            {
                resumed = true;
                await _client.SetAsync(job.Id, new TransferOptionsPatch { MaxBandwidth = 0 });
                await _client.ResumeAsync(job.Id);
            }
        }

        Assert.True(0 == await watch.WaitForExitAsync(), watch.Errors);
        Assert.Equal("", watch.Errors);
        string[] expected = ["Suspended", "Queued", "Connecting", "Transferring", "Suspended", "Queued", "Connecting", "Transferring", "Transferred"];
        Assert.Equal(expected, States(lines));
        AssertChained(lines);
        Assert.All(lines, line => Assert.Equal(job.Id.ToString(), line.GetProperty("id").GetString()));
        Assert.Equal(Size, lines[^1].GetProperty("bytesTransferred").GetInt64());
    }

    [Fact]
    public async Task WatchJson_ReportsProgress_AtMostTwiceASecondPerJob()
    {
        var job = await CreateAsync("/big.bin", "paced.bin", suspended: false, maxBandwidth: 512 * 1024);
        await using var watch = StreamingCliProcess.Start(_env, "watch", job.Id.ToString(), "--json");

        var clock = Stopwatch.StartNew();
        var lines = new List<JsonElement>();
        while (await watch.ReadLineAsync() is { } text)
        {
            lines.Add(Parse(text));
        }

        var took = clock.Elapsed;
        Assert.True(0 == await watch.WaitForExitAsync(), watch.Errors);
        var progress = lines.Where(l => l.GetProperty("kind").GetString() == "Progress").ToList();

        // The host reports four times a second; the watch passes at most one per half second, and the last of a burst.
        Assert.NotEmpty(progress);
        Assert.True(progress.Count <= (took.TotalSeconds * 2) + 2, $"{progress.Count} progress lines in {took.TotalSeconds:0.0} s");
        var bytes = progress.Select(p => p.GetProperty("bytesTransferred").GetInt64()).ToList();
        Assert.Equal(bytes.Order(), bytes);
    }

    [Fact]
    public async Task WatchWithoutIds_ShowsTheJobsAndThenNewOnes_AndSigtermEndsItWithZero()
    {
        var existing = await CreateAsync("/big.bin", "existing.bin", suspended: true);
        await using var watch = StreamingCliProcess.Start(_env, "watch", "--json", "--no-progress");

        var first = Parse((await watch.ReadLineAsync())!);
        Assert.Equal(("Current", existing.Id.ToString()), (first.GetProperty("kind").GetString(), first.GetProperty("id").GetString()));

        var created = await CreateAsync("/big.bin", "created.bin", suspended: true);
        var second = Parse((await watch.ReadLineAsync())!);
        Assert.Equal(("Created", created.Id.ToString(), "Suspended"), (second.GetProperty("kind").GetString(), second.GetProperty("id").GetString(), second.GetProperty("state").GetString()));
        Assert.Equal("created.bin", second.GetProperty("name").GetString());

        await watch.TerminateAsync();
        Assert.Null(await watch.ReadLineAsync());
        Assert.True(0 == await watch.WaitForExitAsync(), watch.Errors);
        Assert.Equal("", watch.Errors);
    }

    [Fact]
    public async Task WatchOfAJobThatFails_EndsWithOne_AndItsLastLineCarriesTheError()
    {
        var job = await CreateAsync("/missing.bin", "missing.bin", suspended: false);
        await using var watch = StreamingCliProcess.Start(_env, "watch", "missing.bin", "--json");

        var lines = new List<JsonElement>();
        while (await watch.ReadLineAsync() is { } text)
        {
            lines.Add(Parse(text));
        }

        Assert.Equal(1, await watch.WaitForExitAsync());
        var last = lines[^1];
        Assert.Equal("Error", last.GetProperty("state").GetString());
        Assert.Equal(404, last.GetProperty("error").GetProperty("httpStatus").GetInt32());
        Assert.Equal(job.Id.ToString(), last.GetProperty("id").GetString());
        Assert.Contains("the job 'missing.bin' failed", watch.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchOfAnUnknownJob_FailsWithThree_BeforePrintingAnything()
    {
        var known = await CreateAsync("/big.bin", "known.bin", suspended: true);

        foreach (var unknown in new[] { "no-such-job", Guid.NewGuid().ToString() })
        {
            var outcome = await CliProcess.RunAsync(_env, ["watch", known.Id.ToString(), unknown, "--json"]);
            Assert.Equal(3, outcome.ExitCode);
            Assert.Equal("", outcome.Output);
            Assert.StartsWith("bitslite: ", outcome.Errors, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WatchJson_IntoAReaderThatQuits_EndsQuietlyWithZero_EvenWithNothingMoreToSay()
    {
        await CreateAsync("/big.bin", "idle.bin", suspended: true);
        var errors = _env.Out("watch-errors.txt");

        // head takes the first line and exits; nothing happens afterwards that the watch would print.
        var script = $"\"{CliProcess.ExecutablePath}\" watch --json 2>\"{errors}\" | head -n 1 >/dev/null; echo \"${{PIPESTATUS[0]}}\"";
        var start = CliProcess.StartInfo(_env, ["-c", script]);
        start.FileName = "bash";
        using var shell = Process.Start(start)!;
        shell.StandardInput.Close();
        var output = await shell.StandardOutput.ReadToEndAsync();
        await HostTestEnvironment.WaitForExitAsync(shell);

        Assert.Equal("0", output.Trim());
        Assert.Equal("", await File.ReadAllTextAsync(errors));
    }

    [Fact]
    public async Task TheHostStoppingUnderAWatch_EndsItWithFive_AndSaysHowToGoOn()
    {
        var job = await CreateAsync("/big.bin", "stopped.bin", suspended: false, maxBandwidth: 16 * 1024);
        await using var watch = StreamingCliProcess.Start(_env, "watch", job.Id.ToString(), "--no-progress");
        Assert.Contains("stopped.bin: ", await watch.ReadLineAsync(), StringComparison.Ordinal);

        await _client.StopHostAsync();

        Assert.Equal(5, await watch.WaitForExitAsync());
        Assert.Contains("Lost the connection to the host", watch.Errors, StringComparison.Ordinal);
        Assert.Contains("run 'bitslite watch' again", watch.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", watch.Errors, StringComparison.Ordinal);
    }

    private async Task<TransferInfo> CreateAsync(string path, string name, bool suspended, long maxBandwidth = 0) =>
        await _client.CreateAsync(new TransferRequest
        {
            Files = [new(_server.Url(path).AbsoluteUri, _env.Out(name))],
            Suspended = suspended,
            Options = new TransferOptionsPatch { MaxBandwidth = maxBandwidth, RetryTimeout = TimeSpan.Zero },
        });

    /// <summary>One line is one JSON object with every member each line has.</summary>
    private static JsonElement Parse(string line)
    {
        var element = JsonDocument.Parse(line).RootElement;
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        Assert.All(EveryLineHas, member => Assert.True(element.TryGetProperty(member, out _), $"'{member}' missing from {line}"));
        Assert.True(DateTimeOffset.TryParse(element.GetProperty("time").GetString(), CultureInfo.InvariantCulture, out _));
        return element;
    }

    /// <summary>The state of each line that reports one: the first (Current) and the state changes.</summary>
    private static List<string> States(List<JsonElement> lines) =>
        [.. lines.Where(l => l.GetProperty("kind").GetString() is "Current" or "StateChanged").Select(l => l.GetProperty("state").GetString()!)];

    /// <summary>Each state change starts where the line before it left the job.</summary>
    private static void AssertChained(List<JsonElement> lines)
    {
        string? last = null;
        foreach (var line in lines)
        {
            if (line.GetProperty("kind").GetString() == "StateChanged")
            {
                Assert.Equal(last, line.GetProperty("previousState").GetString());
                Assert.False(line.TryGetProperty("resync", out _));
            }

            last = line.GetProperty("state").GetString();
        }
    }
}
