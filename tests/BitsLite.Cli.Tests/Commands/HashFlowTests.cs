using System.Security.Cryptography;
using System.Text.Json;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Commands;

/// <summary>
/// <c>--sha256</c> and <c>--checksums</c> on transfer, create and add against the real host: a right hash completes and
/// <c>info</c> shows it verified, a wrong one fails naming both, and bad input is a usage error that creates nothing.
/// </summary>
public sealed class HashFlowTests(SharedHostFixture fixture) : IClassFixture<SharedHostFixture>, IAsyncLifetime
{
    private readonly HostEnvironment _env = fixture.Env;
    private readonly TestSpace _space = fixture.Env.NewSpace();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _env.CancelActiveJobsAsync();

    private Task<CliResult> RunAsync(params string[] args) => _space.RunAsync(args);

    private static string Hex(byte[] content) => Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();

    private (string Url, string Hash) Serve(string name, int size = 20_000)
    {
        var content = RandomNumberGenerator.GetBytes(size);
        _env.Server.Serve(_space.ServerPath(name), content);
        return (_space.Url(name), Hex(content));
    }

    [Fact]
    public async Task ATransferWithTheRightSha256_Completes_AndInfoShowsItVerified()
    {
        var (url, hash) = Serve("a.iso");

        var result = await RunAsync("transfer", url, "a.iso", "--sha256", hash.ToUpperInvariant());

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var job = Assert.Single(await _space.JobsAsync());
        Assert.Equal((hash, hash), (job.Files[0].ExpectedHash, job.Files[0].VerifiedHash));
        var info = await RunAsync("info", job.Id.ToString());
        Assert.Contains("SHA-256:", info.Output, StringComparison.Ordinal);
        Assert.Contains($"a.iso  verified  {hash}", info.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse((await RunAsync("info", job.Id.ToString(), "--json")).Output);
        Assert.Equal(hash, json.RootElement.GetProperty("files")[0].GetProperty("verifiedHash").GetString());
    }

    [Fact]
    public async Task ATransferWithAWrongSha256_Fails_NamingBothHashes_AndTheFileNeverAppears()
    {
        var (url, hash) = Serve("a.iso");
        var wrong = new string('0', 64);

        var result = await RunAsync("transfer", url, "a.iso", "--sha256", wrong);

        Assert.Equal(ExitCodes.TransferFailed, result.ExitCode);
        Assert.Contains($"expected {wrong}, got {hash}", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_space.Out("a.iso")));
        var job = Assert.Single(await _space.JobsAsync());
        Assert.Equal(TransferState.Error, job.State);
        var info = await RunAsync("info", job.Id.ToString());
        Assert.Contains($"a.iso  expected  {wrong}", info.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checksums_GiveEachFileItsHash_ByDestinationOrUrlName_IgnoringOtherLines()
    {
        var (a, hashA) = Serve("a.iso");
        var (b, hashB) = Serve("b.iso");
        _space.CreateDirectory("out");
        File.WriteAllText(_space.Out("SHA256SUMS"), $"# release 1\n{hashA}  ./a.iso\n{hashB} *b.iso\n{new string('1', 64)}  other.iso\n");

        var result = await RunAsync("transfer", a, b, "out", "--checksums", "SHA256SUMS");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var job = Assert.Single(await _space.JobsAsync());
        Assert.Equal([hashA, hashB], job.Files.Select(f => f.VerifiedHash));
    }

    [Fact]
    public async Task AddWithChecksumsFromStandardInput_GivesTheAddedFileItsHash()
    {
        var (url, hash) = Serve("c.iso");
        var job = await _space.CreateAsync("empty", _space.Url("unused"), suspended: true, destination: _space.Out("first.bin"));

        var result = await _space.RunAsync(Cli.Input.CliInput.FromText($"{hash}  c.iso\n"), new Dictionary<string, string>(), "add", job.Id.ToString(), url, "c.iso", "--checksums", "-");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(hash, (await _space.Client.GetAsync(job.Id)).Files[^1].ExpectedHash);
    }

    [Theory]
    [InlineData("--sha256", "abc", "must be 64 hexadecimal digits")]
    [InlineData("--checksums", "missing.txt", "--checksums: cannot read 'missing.txt'")]
    public async Task ABadHashOrChecksumFile_IsAUsageError_AndCreatesNothing(string option, string value, string message)
    {
        var (url, _) = Serve("a.iso");

        var result = await RunAsync("create", url, "a.iso", option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(await _space.JobsAsync());
    }

    [Fact]
    public async Task AChecksumFileWithAMalformedLine_OrWithoutALineForAFile_IsAUsageErrorNamingIt()
    {
        var (url, hash) = Serve("a.iso");
        File.WriteAllText(_space.Out("bad.sums"), $"{hash}  a.iso\nnot a checksum line\n");
        File.WriteAllText(_space.Out("other.sums"), $"{hash}  b.iso\n");

        var malformed = await RunAsync("create", url, "a.iso", "--checksums", "bad.sums");
        var missing = await RunAsync("create", url, "a.iso", "--checksums", "other.sums");

        Assert.Equal(ExitCodes.Usage, malformed.ExitCode);
        Assert.Contains("Line 2 of the checksum file 'bad.sums' is not a SHA-256 line: 'not a checksum line'", malformed.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("has no line for 'a.iso'", missing.Error, StringComparison.Ordinal);
        Assert.Empty(await _space.JobsAsync());
    }

    [Fact]
    public async Task Sha256WithSeveralSources_OrWithAnUpload_IsAUsageError()
    {
        var (a, hash) = Serve("a.iso");
        var (b, _) = Serve("b.iso");
        _space.CreateDirectory("out");
        var local = _space.CreateFile("up.bin");

        var several = await RunAsync("create", a, b, "out", "--sha256", hash);
        var upload = await RunAsync("create", "--upload", local, _space.Url("in/up.bin"), "--sha256", hash);

        Assert.Equal(ExitCodes.Usage, several.ExitCode);
        Assert.Contains("--sha256 is for one source; this job has 2 files", several.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, upload.ExitCode);
        Assert.Contains("an upload's file is checked by its server", upload.Error, StringComparison.Ordinal);
    }
}
