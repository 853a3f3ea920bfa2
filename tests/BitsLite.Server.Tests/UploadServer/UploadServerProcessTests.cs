using System.Net;
using BitsLite.Server.Tests.Support;
using BitsLite.Testing;

namespace BitsLite.Server.Tests.UploadServer;

/// <summary>The real bitslite-upload-server process: its defaults, its help, and its warning (security issue, item 6).</summary>
public sealed class UploadServerProcessTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task OnLoopbackWithoutLimitOptions_TheCommandRefusesThe17thSession_AndAPutAbove4GiB_AndLogsOneLineEach()
    {
        await using var server = await UploadServerProcess.StartAsync("--urls", "http://127.0.0.1:0", "--directory", _temp.File("in"));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var url = new Uri(server.ListeningUrl, "flood.bin");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 17; i++)
        {
            using var response = await client.SendAsync(BitsPackets.CreateSession(url));
            statuses.Add(response.StatusCode);
        }

        await using var put = await RawHttpConnection.OpenAsync(url);
        await put.SendHeadAsync("PUT", new Uri(server.ListeningUrl, "huge.iso"), $"Content-Length: {(4L << 30) + 1}");
        using var timeout = new CancellationTokenSource(UploadServerProcess.WaitTimeout);
        var tooLarge = await put.ReadResponseHeadAsync(timeout.Token);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 16), HttpStatusCode.ServiceUnavailable], statuses);
        Assert.Equal(413, tooLarge?.Status);

        // On loopback, no warning comes before the refusals' log lines.
        Assert.Contains("16 sessions open for this client", server.NextErrorLine(UploadServerProcess.WaitTimeout), StringComparison.Ordinal);
        Assert.Contains("refused PUT for 'huge.iso'", server.NextErrorLine(UploadServerProcess.WaitTimeout), StringComparison.Ordinal);
        Assert.Null(server.NextErrorLine(TimeSpan.Zero));
    }

    [Fact]
    public async Task TheCommandListeningOnEveryAddress_WarnsOnStandardError_ThatItHasNoAuthentication()
    {
        await using var server = await UploadServerProcess.StartAsync("--urls", "http://0.0.0.0:0", "--directory", _temp.File("in"));

        var warning = server.NextErrorLine(UploadServerProcess.WaitTimeout);

        Assert.StartsWith("listening on http://0.0.0.0:", server.Output[^1], StringComparison.Ordinal);
        Assert.NotNull(warning);
        Assert.Matches(@"^warning: listening on http://0\.0\.0\.0:\d+, .*no authentication: put it behind a reverse proxy that authenticates", warning);
    }

    [Fact]
    public async Task WithoutForwardedFor_AClientCannotDodgeThePerClientLimit_BySendingXForwardedFor()
    {
        var statuses = await CreateSessionsAsForwardedAsync(["203.0.113.1", "203.0.113.2"]);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable], statuses);
    }

    [Fact]
    public async Task WithForwardedFor_EachClientBehindAProxyOnThisMachine_HasItsOwnSessions()
    {
        var statuses = await CreateSessionsAsForwardedAsync(["203.0.113.1", "203.0.113.2", "203.0.113.1"], "--forwarded-for");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable], statuses);
    }

    [Fact]
    public async Task TheHelp_SaysThereIsNoAuthentication_AndShowsTheDefaultOfEveryLimit()
    {
        var (exitCode, output, _) = await UploadServerProcess.RunAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("NO AUTHENTICATION", output, StringComparison.Ordinal);
        Assert.Contains("reverse proxy that authenticates", output, StringComparison.Ordinal);
        var lines = output.Split('\n');
        Assert.Contains("(default: 4G)", Line(lines, "--max-size"), StringComparison.Ordinal);
        Assert.Contains("(default: 1d)", Line(lines, "--session-timeout"), StringComparison.Ordinal);
        Assert.Contains("(default: 16)", Line(lines, "--max-sessions-per-client"), StringComparison.Ordinal);
        Assert.Contains("(default: 1024)", Line(lines, "--max-sessions <"), StringComparison.Ordinal);
        Assert.Contains("(default: 240)", Line(lines, "--min-body-rate <"), StringComparison.Ordinal);
        Assert.Contains("(default: 30s)", Line(lines, "--min-body-rate-grace"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommand_RefusesLimitsItCannotUse_WithExitCode1_AndSaysWhy()
    {
        var (exitCode, _, error) = await UploadServerProcess.RunAsync(
            "--directory", _temp.File("in"), "--max-sessions", "0", "--max-sessions-per-client", "many", "--min-body-rate-grace", "1s");

        Assert.Equal(1, exitCode);
        Assert.Contains("'0' is not a count; give a whole number of 1 or more", error, StringComparison.Ordinal);
        Assert.Contains("'many' is not a count", error, StringComparison.Ordinal);
        Assert.Contains("--min-body-rate-grace must be more than 1s", error, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>One Create-Session per address, each sent from 127.0.0.1 as a proxy would, with X-Forwarded-For naming it.</summary>
    private async Task<List<HttpStatusCode>> CreateSessionsAsForwardedAsync(string[] clients, params string[] options)
    {
        await using var server = await UploadServerProcess.StartAsync(
            ["--urls", "http://127.0.0.1:0", "--directory", _temp.File("in"), "--max-sessions-per-client", "1", .. options]);
        using var proxy = new HttpClient();
        var statuses = new List<HttpStatusCode>();
        foreach (var client in clients)
        {
            using var request = BitsPackets.CreateSession(new Uri(server.ListeningUrl, "forwarded.bin"));
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await proxy.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    private static string Line(string[] lines, string option) =>
        lines.SingleOrDefault(line => line.TrimStart().StartsWith(option, StringComparison.Ordinal)) ?? $"(no line for {option})";
}
