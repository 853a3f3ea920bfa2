using BitsLite.Server.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace BitsLite.Server.Tests.Endpoints;

/// <summary>
/// Bodies trickled a byte at a time (security issue, item 6), on real time: Kestrel measures the rate on its own clock,
/// so the tests configure a short grace period and a rate the trickle stays far below.
/// </summary>
public class BodyRateTests
{
    private static readonly MinDataRate ShortWindow = new(bytesPerSecond: 100, gracePeriod: TimeSpan.FromSeconds(2));
    private static readonly TimeSpan ByteInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AFragmentTrickledBelowTheMinimumRate_IsCutOffWithBgEHttpError408_AndItsSessionIsKept()
    {
        await using var server = await UploadTestServer.StartAsync(options => options.MinRequestBodyDataRate = ShortWindow);
        var url = server.Url("slow.bin");
        var sessionId = await BitsUpload.CreateSessionAsync(server.Client, url);
        await using var connection = await RawHttpConnection.OpenAsync(server.Client.BaseAddress!);
        await connection.SendHeadAsync(
            "BITS_POST", url, "BITS-Packet-Type: Fragment", $"BITS-Session-Id: {sessionId}", "Content-Range: bytes 0-999/1000", "Content-Length: 1000");

        var response = await TrickleAsync(connection);

        Assert.Equal(408, response.Status);
        Assert.Equal("Ack", response.Header("BITS-Packet-Type"));
        Assert.Equal("0x80190198", response.Header("BITS-Error-Code"));
        Assert.True(Directory.Exists(server.SessionPath(sessionId)), "the client resumes in its session");
        Assert.Single(server.Log.Warnings, w => w.Contains("slower than the minimum data rate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APutTrickledBelowTheMinimumRate_IsCutOffWith408_AndLeavesNothing()
    {
        await using var server = await UploadTestServer.StartAsync(options => options.MinRequestBodyDataRate = ShortWindow);
        await using var connection = await RawHttpConnection.OpenAsync(server.Client.BaseAddress!);
        await connection.SendHeadAsync("PUT", server.Url("slow.txt"), "Content-Length: 1000");

        var response = await TrickleAsync(connection);

        Assert.Equal(408, response.Status);
        Assert.Empty(server.UploadedNames());
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.SessionDirectory));
        Assert.Single(server.Log.Warnings, w => w.Contains("refused PUT for 'slow.txt'", StringComparison.Ordinal));
    }

    /// <summary>Sends the body a byte per <see cref="ByteInterval"/> until the server answers (or closes).</summary>
    private static async Task<RawHttpConnection.Response> TrickleAsync(RawHttpConnection connection)
    {
        using var giveUp = new CancellationTokenSource(GiveUpAfter);
        var answer = connection.ReadResponseHeadAsync(giveUp.Token);
        while (!answer.IsCompleted && await connection.TrySendAsync(new byte[] { 0x42 }))
        {
            await Task.WhenAny(answer, Task.Delay(ByteInterval, CancellationToken.None));
        }

        try
        {
            return await answer ?? throw new Xunit.Sdk.XunitException("the server closed the connection without an answer");
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"the server was still reading the trickled body after {GiveUpAfter.TotalSeconds} s");
        }
    }
}
