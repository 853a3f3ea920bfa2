using System.Net;
using BitsLite.Server.Tests.Support;

namespace BitsLite.Server.Tests.Endpoints;

public class FileNameTests
{
    [Theory]
    [InlineData("..%2Fx")]
    [InlineData("..%2fescaped.txt")]
    [InlineData("%2Fetc%2Fpasswd")]
    [InlineData("a/b")]
    [InlineData("a%5Cb")]
    [InlineData("con")]
    [InlineData("NUL.txt")]
    [InlineData("com1.log")]
    [InlineData("ends-with-dot.")]
    [InlineData("c%3A")]
    public async Task CreateSession_AtAUrlWhoseNameCouldEscapeOrIsReserved_IsRefused(string escapedName)
    {
        await using var server = await UploadTestServer.StartAsync();

        using var response = await server.Client.SendAsync(BitsPackets.CreateSession(server.Url(escapedName)));

        response.AssertError(HttpStatusCode.BadRequest, "0x80070057");
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.SessionDirectory));
        Assert.Empty(server.UploadedNames());
        Assert.False(File.Exists(Path.Join(server.UploadDirectory, "..", "x")));
    }

    [Fact]
    public async Task ANulInTheUrl_NeverReachesTheFileSystem()
    {
        await using var server = await UploadTestServer.StartAsync();

        using var response = await server.Client.SendAsync(BitsPackets.CreateSession(server.Url("a%00b")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.SessionDirectory));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("a/b")]
    [InlineData("..\\x")]
    [InlineData("con")]
    [InlineData("aux.txt")]
    [InlineData("")]
    public async Task AContentNameThatCouldEscapeOrIsReserved_IsRefused_AndTheSessionDropped(string contentName)
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url();
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);

        using var response = await server.Client.SendAsync(BitsPackets.Fragment(url, sessionId, new byte[10], 0, 9, contentName));

        response.AssertError(HttpStatusCode.BadRequest, "0x80070057");
        Assert.False(Directory.Exists(server.SessionPath(sessionId)));
        Assert.Empty(server.UploadedNames());
    }

    [Fact]
    public async Task AnUploadToTheNameOfAnExistingFile_IsRefusedWithEAccessDenied()
    {
        await using var server = await UploadTestServer.StartAsync();
        var existing = Path.Join(server.UploadDirectory, "taken.txt");
        await File.WriteAllTextAsync(existing, "original");

        using var response = await server.Client.SendAsync(BitsPackets.CreateSession(server.Url("taken.txt")));

        response.AssertError(HttpStatusCode.Forbidden, "0x80070005");
        Assert.Equal("original", await File.ReadAllTextAsync(existing));
    }

    [Fact]
    public async Task AFileThatAppearsDuringTheUpload_IsNotOverwrittenAtCloseSession()
    {
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("race.txt");
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        using var last = await BitsUpload.SendRestAsync(server.Client, url, sessionId, [1, 2, 3], 0, [3]);
        var existing = Path.Join(server.UploadDirectory, "race.txt");
        await File.WriteAllTextAsync(existing, "first");

        using var close = await server.Client.SendAsync(BitsPackets.CloseSession(url, sessionId));

        close.AssertError(HttpStatusCode.Forbidden, "0x80070005");
        Assert.Equal("first", await File.ReadAllTextAsync(existing));
        Assert.Equal(["race.txt"], server.UploadedNames());
        Assert.False(Directory.Exists(server.SessionPath(sessionId)));
    }

    [Fact]
    public async Task WithAllowOverwrite_AnUploadReplacesAnExistingFile()
    {
        await using var server = await UploadTestServer.StartAsync(options => options.AllowOverwrite = true);
        var existing = Path.Join(server.UploadDirectory, "replaced.bin");
        await File.WriteAllTextAsync(existing, "old contents that are longer");

        await BitsUpload.UploadAsync(server.Client, server.Url("replaced.bin"), [9, 8, 7], [2]);

        Assert.Equal([9, 8, 7], await File.ReadAllBytesAsync(existing));
    }
}
