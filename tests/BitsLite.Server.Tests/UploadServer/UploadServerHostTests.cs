using System.Net;
using BitsLite.Testing;
using BitsLite.UploadServer;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BitsLite.Server.Tests.UploadServer;

public sealed class UploadServerHostTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task TheUploadServer_SaysWhereItListens_AndWritesOneLinePerFinishedUpload()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var settings = new UploadServerSettings
        {
            Urls = ["http://127.0.0.1:0"],
            Directory = _temp.File("received"),
            Path = "/incoming",
            MaxSize = 1024,
        };
        await using var app = UploadServerHost.Build(settings, TextWriter.Synchronized(output), TextWriter.Synchronized(error));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient();

        using var put = await client.PutAsync(address + "/incoming/hello.txt", new StringContent("hello"));
        using var tooLarge = await client.PutAsync(address + "/incoming/large.bin", new ByteArrayContent(new byte[1025]));
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("hello", await File.ReadAllTextAsync(_temp.File("received/hello.txt")));
        Assert.DoesNotContain("warning:", error.ToString(), StringComparison.Ordinal);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"listening on {address}/incoming/", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ received hello\.txt 5 bytes \(PUT\) -> .*hello\.txt$", lines[1]);
    }

    [Fact]
    public void TheCommandLine_RefusesABadSizeAndAMissingDirectory()
    {
        var badSize = UploadServerCommand.Create().Parse(["--directory", _temp.Path, "--max-size", "lots"]);
        var noDirectory = UploadServerCommand.Create().Parse(["--max-size", "2G"]);

        Assert.Contains(badSize.Errors, e => e.Message.Contains("'lots' is not a size", StringComparison.Ordinal));
        Assert.Contains(noDirectory.Errors, e => e.Message.Contains("--directory", StringComparison.Ordinal));
    }

    [Fact]
    public void TheCommandLine_ReadsEveryOption()
    {
        var result = UploadServerCommand.Create().Parse(
            ["--urls", "http://127.0.0.1:18090", "--directory", "/tmp/x", "--max-size", "2G", "--session-timeout", "1d", "--allow-overwrite", "--path", "/up",
             "--max-sessions-per-client", "4", "--max-sessions", "100", "--min-body-rate", "1k", "--min-body-rate-grace", "2m",
             "--forwarded-for"]);

        Assert.Empty(result.Errors);
        Assert.Equal(2L * 1024 * 1024 * 1024, result.GetValue<long?>("--max-size"));
        Assert.Equal(TimeSpan.FromDays(1), result.GetValue<TimeSpan?>("--session-timeout"));
        Assert.Equal(4, result.GetValue<int?>("--max-sessions-per-client"));
        Assert.Equal(100, result.GetValue<int?>("--max-sessions"));
        Assert.Equal(1024, result.GetValue<long?>("--min-body-rate"));
        Assert.Equal(TimeSpan.FromMinutes(2), result.GetValue<TimeSpan?>("--min-body-rate-grace"));
        Assert.True(result.GetValue<bool>("--allow-overwrite"));
        Assert.True(result.GetValue<bool>("--forwarded-for"));
        Assert.Equal("/up", result.GetValue<string>("--path"));
    }

    public void Dispose() => _temp.Dispose();
}
