using System.Net;
using BitsLite.Server.Tests.Support;

namespace BitsLite.Server.Tests.Endpoints;

public class PutTests
{
    [Fact]
    public async Task APutOfTheWholeFile_LandsOnlyWhenComplete()
    {
        await using var server = await UploadTestServer.StartAsync();
        var file = BitsUpload.RandomBytes(3_000_000, seed: 13);
        var content = new PausingContent(file, pauseAfter: 1_000_000);

        var put = server.Client.PutAsync(server.Url("put.bin"), content);
        await content.Paused;
        Assert.Empty(server.UploadedNames());
        content.Resume();
        using var response = await put;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["put.bin"], server.UploadedNames());
        Assert.Equal(BitsUpload.Sha256(file), BitsUpload.Sha256(Path.Join(server.UploadDirectory, "put.bin")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.SessionDirectory));
    }

    [Fact]
    public async Task APutToAnExistingName_IsAConflict_UnlessOverwritingIsAllowed()
    {
        await using var server = await UploadTestServer.StartAsync();
        using var first = await server.Client.PutAsync(server.Url("same.txt"), new StringContent("one"));

        using var second = await server.Client.PutAsync(server.Url("same.txt"), new StringContent("two"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("one", await File.ReadAllTextAsync(Path.Join(server.UploadDirectory, "same.txt")));
    }

    [Fact]
    public async Task APutThatReplacesAFile_Answers204()
    {
        await using var server = await UploadTestServer.StartAsync(options => options.AllowOverwrite = true);
        using var first = await server.Client.PutAsync(server.Url("same.txt"), new StringContent("one"));

        using var second = await server.Client.PutAsync(server.Url("same.txt"), new StringContent("two"));

        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Join(server.UploadDirectory, "same.txt")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task APutLargerThanTheMaximum_IsRefusedWith413_AndLeavesNothing(bool lengthKnown)
    {
        await using var server = await UploadTestServer.StartAsync(options => options.MaxUploadSize = 100_000);
        HttpContent content = lengthKnown
            ? new ByteArrayContent(new byte[100_001])
            : new StreamContent(new UnknownLengthStream(new byte[300_000]));

        using var response = await server.Client.PutAsync(server.Url("big.bin"), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(server.UploadedNames());
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.SessionDirectory));
    }

    [Theory]
    [InlineData("..%2Fescape.txt")]
    [InlineData("con")]
    [InlineData("")]
    public async Task APutToABadName_IsRefusedWith400(string escapedName)
    {
        await using var server = await UploadTestServer.StartAsync();

        using var response = await server.Client.PutAsync(server.Url(escapedName), new StringContent("x"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(server.UploadedNames());
    }

    [Fact]
    public async Task APartialPutWithContentRange_IsRefused()
    {
        await using var server = await UploadTestServer.StartAsync();
        var content = new ByteArrayContent(new byte[10]);
        content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(0, 9, 20);

        using var response = await server.Client.PutAsync(server.Url("part.bin"), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Put_CanBeSwitchedOff()
    {
        await using var server = await UploadTestServer.StartAsync(options => options.AllowPut = false);

        using var response = await server.Client.PutAsync(server.Url("nope.txt"), new StringContent("x"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    /// <summary>Sends part of a body, reports that, and sends the rest only when told to.</summary>
    private sealed class PausingContent(byte[] bytes, int pauseAfter) : HttpContent
    {
        private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Paused => _paused.Task;

        public void Resume() => _resume.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, pauseAfter));
            await stream.FlushAsync();
            _paused.TrySetResult();
            await _resume.Task;
            await stream.WriteAsync(bytes.AsMemory(pauseAfter));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }

    /// <summary>A stream that hides its length, so the body goes chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
