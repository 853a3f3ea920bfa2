using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.UploadServing;

namespace BitsLite.Cli.Tests.Commands;

/// <summary>
/// <c>transfer</c> and <c>create</c> with --upload, --upload-reply and --put against the real host and a BITS upload
/// server of the tests' own; <c>info</c> shows the direction, the method and the reply file; <c>set --upload-method</c>
/// changes the method.
/// </summary>
public sealed class UploadFlowTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>, IAsyncLifetime
{
    private readonly HostEnvironment _env = fixture.Env;
    private readonly TestSpace _space = fixture.Env.NewSpace();
    private BitsTestServer _server = null!;

    public async Task InitializeAsync() => _server = await BitsTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _env.CancelActiveJobsAsync();
        await _server.DisposeAsync();
    }

    private Task<CliResult> RunAsync(params string[] args) => _space.RunAsync(args);

    /// <summary>This test's jobs: uploads of a file in its directory.</summary>
    private async Task<List<TransferInfo>> JobsAsync() =>
        (await _env.ListAsync()).Where(j => j.Files.Any(f => f.Source.StartsWith(_space.Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))).ToList();

    private async Task<TransferInfo> OnlyJobAsync() => Assert.Single(await JobsAsync());

    private static string Id(TransferInfo job) => job.Id.ToString("D", CultureInfo.InvariantCulture);

    private string LocalFile(string name, int size, out byte[] content)
    {
        content = RandomNumberGenerator.GetBytes(size);
        File.WriteAllBytes(_space.Out(name), content);
        return name;
    }

    [Fact]
    public async Task ATransferWithUpload_SendsTheLocalFileToTheUrl_AndCompletes()
    {
        var local = LocalFile("report.bin", 150_000, out var content);
        var url = _server.Url("/in/report.bin").AbsoluteUri;

        var result = await RunAsync("transfer", "--upload", local, url, "--header", "X-Team: blue");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(content, _server.Uploaded("/in/report.bin"));
        var job = await OnlyJobAsync();
        Assert.Equal((TransferType.Upload, UploadMethod.Bits, TransferState.Acknowledged), (job.TransferType, job.Options.UploadMethod, job.State));
        Assert.Equal((_space.Out("report.bin"), url), (job.Files[0].Source, job.Files[0].Destination));
        Assert.All(_server.Requests, r => Assert.Equal("blue", r.Headers["X-Team"]));
        Assert.Contains("Completed 'report.bin'", result.Output, StringComparison.Ordinal);
        Assert.Contains("  " + url, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATransferWithUploadReply_WritesTheReplyFile_AndSaysWhereItIs()
    {
        _server.Reply = upload => [.. "ok "u8, .. BitConverter.GetBytes(upload.Length)];
        var local = LocalFile("order.xml", 20_000, out _);

        var result = await RunAsync("transfer", "--upload-reply", "receipt.bin", local, _server.Url("/orders/order.xml").AbsoluteUri);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal([.. "ok "u8, .. BitConverter.GetBytes(20_000)], File.ReadAllBytes(_space.Out("receipt.bin")));
        var job = await OnlyJobAsync();
        Assert.Equal((TransferType.UploadReply, _space.Out("receipt.bin")), (job.TransferType, job.ReplyFile));
        Assert.Contains("Reply:" + Environment.NewLine + "  " + _space.Out("receipt.bin"), result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateWithPut_MakesAPutUpload_ThatInfoDescribes()
    {
        var local = LocalFile("plain.bin", 10_000, out var content);

        var created = await RunAsync("create", "--put", local, _server.Url("/plain.bin").AbsoluteUri, "--name", "plain" + _space.Tag);
        Assert.Equal(ExitCodes.Success, created.ExitCode);
        var job = await _env.SettleAsync((await OnlyJobAsync()).Id, TransferState.Transferred);
        var info = await RunAsync("info", job.Id.ToString("D", CultureInfo.InvariantCulture));

        Assert.Equal((TransferType.Upload, UploadMethod.Put), (job.TransferType, job.Options.UploadMethod));
        Assert.Equal(content, _server.Uploaded("/plain.bin"));
        Assert.Equal("PUT", Assert.Single(_server.Requests).Method);
        Assert.Contains("Type:              Upload (local file to the server, plain HTTP PUT)" + Environment.NewLine, info.Output, StringComparison.Ordinal);
        Assert.Contains("to finish the job (the file is on the server)", info.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_ShowsAnUploadReplyJobsReplyFile_BeforeTheReplyIsIn()
    {
        var local = LocalFile("later.bin", 100, out _);

        var created = await RunAsync("create", "--suspended", "--upload-reply", "later.reply", local, _server.Url("/later.bin").AbsoluteUri);
        var info = await RunAsync("info", (await OnlyJobAsync()).Id.ToString("D", CultureInfo.InvariantCulture));

        Assert.Equal(ExitCodes.Success, created.ExitCode);
        Assert.Contains("Type:              UploadReply (local file to the server, BITS upload protocol)" + Environment.NewLine, info.Output, StringComparison.Ordinal);
        Assert.Contains($"Reply file:        {_space.Out("later.reply")} (not received yet)" + Environment.NewLine, info.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("URL first", "is a URL")]
    [InlineData("three operands", "exactly one SOURCE")]
    [InlineData("put with reply", "a plain PUT (--put) has no reply")]
    [InlineData("missing file", "does not exist")]
    [InlineData("not a url", "is not one")]
    [InlineData("reply in a missing directory", "does not exist; create it first")]
    public async Task UploadMistakes_AreUsageErrors_AndCreateNothing(string mistake, string message)
    {
        var local = LocalFile("m.bin", 10, out _);
        var url = _server.Url("/m.bin").AbsoluteUri;
        string[] args = mistake switch
        {
            "URL first" => ["transfer", "--upload", url, local],
            "three operands" => ["transfer", "--upload", local, local, url],
            "put with reply" => ["create", "--put", "--upload-reply", "r.txt", local, url],
            "missing file" => ["create", "--upload", "nothing-here.bin", url],
            "not a url" => ["create", "--upload", local, "uploads/m.bin"],
            _ => ["create", "--upload-reply", "no/such/dir/r.txt", local, url],
        };

        var result = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(await JobsAsync());
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task SetUploadMethodPut_ShowsInInfoJson_AndTheNextAttemptIsAPut()
    {
        var local = LocalFile("switch.bin", 10_000, out var content);
        var created = await RunAsync("create", "--suspended", "--upload", local, _server.Url("/switch.bin").AbsoluteUri);
        Assert.Equal(ExitCodes.Success, created.ExitCode);
        var id = Id(await OnlyJobAsync());

        var set = await RunAsync("set", id, "--upload-method", "PUT");
        var info = await RunAsync("info", id, "--json");

        Assert.Equal((ExitCodes.Success, ""), (set.ExitCode, set.Error));
        Assert.Contains("Type:              Upload (local file to the server, plain HTTP PUT)" + Environment.NewLine, set.Output, StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(info.Output))
        {
            Assert.Equal("Put", document.RootElement.GetProperty("options").GetProperty("uploadMethod").GetString());
        }

        // Suspended until now, so the change is there for the job's first attempt.
        Assert.Equal(ExitCodes.Success, (await RunAsync("resume", id)).ExitCode);
        var job = await _env.SettleAsync(Guid.Parse(id), TransferState.Transferred);
        Assert.Equal((TransferType.Upload, UploadMethod.Put), (job.TransferType, job.Options.UploadMethod));
        Assert.Equal("PUT", Assert.Single(_server.Requests).Method);
        Assert.Equal(content, _server.Uploaded("/switch.bin"));
    }

    [Fact]
    public async Task SetUploadMethodOfADownload_FailsInOneLine_AndChangesNothing()
    {
        var name = "download" + _space.Tag;
        var download = await _space.SuspendedAsync(name);

        var result = await RunAsync("set", name, "--upload-method", "put", "--priority", "low");

        Assert.Equal(ExitCodes.HostError, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal("bitslite: An upload method is for Upload and UploadReply jobs only." + Environment.NewLine, result.Error);
        var job = await _env.Client.GetAsync(download.Id);
        Assert.Equal((TransferType.Download, UploadMethod.Bits, download.Options.Priority), (job.TransferType, job.Options.UploadMethod, job.Options.Priority));
    }

    [Fact]
    public async Task SetUploadMethodPutOfAnUploadReplyJob_IsRefused()
    {
        var local = LocalFile("asks.bin", 100, out _);
        await RunAsync("create", "--suspended", "--upload-reply", "asks.reply", local, _server.Url("/asks.bin").AbsoluteUri);
        var job = await OnlyJobAsync();

        var result = await RunAsync("set", Id(job), "--upload-method", "put");

        Assert.Equal(ExitCodes.HostError, result.ExitCode);
        Assert.Equal("bitslite: An UploadReply job needs the BITS upload protocol: a plain PUT has no reply to fetch." + Environment.NewLine, result.Error);
        Assert.Equal(UploadMethod.Bits, (await _env.Client.GetAsync(job.Id)).Options.UploadMethod);
    }
}
