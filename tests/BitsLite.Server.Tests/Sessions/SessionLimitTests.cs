using System.Collections.Concurrent;
using System.Net;
using BitsLite.Server.Tests.Support;

namespace BitsLite.Server.Tests.Sessions;

/// <summary>Create-Session floods (security issue, item 6): limits per client address and in all, on by default.</summary>
public class SessionLimitTests
{
    private const string TooManySessions = "0x80070045";

    [Fact]
    public async Task AFloodOfCreateSessionFromOneClient_GetsTheDefault16Sessions_And503ErrorTooManySessForTheRest()
    {
        // The attack: thousands of unauthenticated Create-Session requests from one address, many at once.
        await using var server = await UploadTestServer.StartAsync();
        var url = server.Url("flood.bin");
        var answers = new ConcurrentBag<(HttpStatusCode Status, string? Error)>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (_, cancellationToken) =>
        {
            using var response = await server.Client.SendAsync(BitsPackets.CreateSession(url), cancellationToken);
            answers.Add((response.StatusCode, response.Header("BITS-Error-Code")));
        });

        Assert.Equal(16, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Equal(1000 - 16, answers.Count(a => a is { Status: HttpStatusCode.ServiceUnavailable, Error: TooManySessions }));
        Assert.Equal(16, Directory.EnumerateDirectories(server.SessionDirectory).Count());
        Assert.Equal(1000 - 16, server.Log.Warnings.Count(w => w.Contains("16 sessions open for this client", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheRefusal_IsABitsAckThatAClientRetries_AndAClosedSessionMakesRoom()
    {
        await using var server = await UploadTestServer.StartAsync(options => options.MaxSessionsPerClient = 1);
        var url = server.Url("room.bin");
        var first = await BitsUpload.CreateSessionAsync(server.Client, url);

        using (var refused = await server.Client.SendAsync(BitsPackets.CreateSession(url)))
        {
            // 503: a 5xx other than 501 and 505 is transient for BITS clients.
            refused.AssertError(HttpStatusCode.ServiceUnavailable, TooManySessions);
            Assert.Null(refused.Header("BITS-Session-Id"));
        }

        using (var cancel = await server.Client.SendAsync(BitsPackets.CancelSession(url, first)))
        {
            cancel.AssertAck(HttpStatusCode.OK);
        }

        await BitsUpload.UploadAsync(server.Client, url, [1, 2, 3], [3]);
        Assert.Equal(["room.bin"], server.UploadedNames());
    }

    [Fact]
    public async Task ClientsFromManyAddressesTogether_GetNoMoreThanTheTotalLimit()
    {
        await using var server = await UploadTestServer.StartAsync(options =>
        {
            options.MaxSessionsPerClient = 2;
            options.MaxSessions = 5;
        });
        var url = server.Url("many.bin");
        var clients = Enumerable.Range(0, 4).Select(i => LoopbackClients.From(LoopbackClients.Address(i), server.Client.BaseAddress!)).ToList();
        var statuses = new List<HttpStatusCode>();
        try
        {
            // Round by round, so that the total fills up in the middle of the second round.
            for (var round = 0; round < 2; round++)
            {
                foreach (var client in clients)
                {
                    using var response = await client.SendAsync(BitsPackets.CreateSession(url));
                    statuses.Add(response.StatusCode);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        response.AssertError(HttpStatusCode.ServiceUnavailable, TooManySessions);
                    }
                }
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), .. Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 3)], statuses);
        Assert.Equal(5, Directory.EnumerateDirectories(server.SessionDirectory).Count());
        var warnings = server.Log.Warnings;
        Assert.Equal(3, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("5 sessions open in all", w, StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("from address:127.0.0.4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SessionsLeftByAPreviousRun_CountTowardsTheTotalLimit()
    {
        await using var server = await UploadTestServer.StartAsync(options => options.MaxSessions = 2);
        await BitsUpload.CreateSessionAsync(server.Client, server.Url("kept.bin"));
        await BitsUpload.CreateSessionAsync(server.Client, server.Url("kept.bin"));

        await server.RestartAsync();

        using var refused = await server.Client.SendAsync(BitsPackets.CreateSession(server.Url("kept.bin")));
        refused.AssertError(HttpStatusCode.ServiceUnavailable, TooManySessions);
    }
}
