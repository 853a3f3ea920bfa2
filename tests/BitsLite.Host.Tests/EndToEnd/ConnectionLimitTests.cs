using System.Globalization;
using System.Net.Sockets;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Wire;
using Xunit.Abstractions;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// A process of the user's own that opens many connections, or announces big requests and sends them slowly, must not
/// take the host's memory: requests are read into memory as they arrive, within a budget all connections share; a
/// request that stalls is dropped; and each user may hold only so many connections. Real sockets, the real host.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConnectionLimitTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;

    private readonly HostTestEnvironment _env = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task HalfSentRequestsOnManyConnections_KeepTheHostsMemoryBounded()
    {
        // The review's attack: 200 connections, each sending 3 MiB of a 4 MiB request (it grew the host to 1.8 GB).
        using var host = HostTestEnvironment.StartHost(_env.Paths.DataRoot, ("BITSLITE_FRAME_TIMEOUT", "3"));
        await using var client = await _env.ConnectToAsync(host);
        var before = Kibibytes(host.Id, "VmRSS");

        // Twice: memory the first wave took is used again by the second, not added to.
        for (var wave = 1; wave <= 2; wave++)
        {
            var attacks = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => SendThreeOfFourMebibytesAsync()));
            var peak = Kibibytes(host.Id, "VmHWM");
            output.WriteLine($"wave {wave}: host RSS {before / 1024} MiB before the attack, at most {peak / 1024} MiB during it");

            Assert.InRange(peak - before, 0, 64 * 1024);
            Assert.Equal(200 - 63, attacks.Count(a => a.Refusal is ErrorReply { Code: TransferErrorCode.LimitReached }));
            foreach (var attack in attacks.Where(a => a.Refusal is null))
            {
                var dropped = Assert.IsType<ErrorReply>(await attack.Answer.WaitAsync(HostTestEnvironment.WaitTimeout));
                Assert.Equal(TransferErrorCode.BadRequest, dropped.Code);
                Assert.Contains("did not arrive within 3 s", dropped.Message, StringComparison.Ordinal);
                await attack.Stream.DisposeAsync();
            }

            output.WriteLine($"wave {wave}: host RSS {Kibibytes(host.Id, "VmRSS") / 1024} MiB once every connection was dropped");
        }

        Assert.Equal(host.Id, (await client.GetHostStatusAsync()).ProcessId);
    }

    [Fact]
    public async Task AClientThatStallsMidRequest_IsDropped_ButOneSilentBetweenRequestsIsNot()
    {
        using var host = HostTestEnvironment.StartHost(_env.Paths.DataRoot, ("BITSLITE_FRAME_TIMEOUT", "1"));
        await using var silent = await _env.ConnectToAsync(host);
        await using var stalling = await RawConnection.OpenWelcomedAsync(_env.Paths.Socket);

        await stalling.WriteAsync(RawConnection.Header(1000));
        await stalling.WriteAsync(new byte[10]);
        var dropped = Assert.IsType<ErrorReply>(await FrameCodec.ReadAsync(stalling).AsTask().WaitAsync(HostTestEnvironment.WaitTimeout));

        Assert.Equal(TransferErrorCode.BadRequest, dropped.Code);
        Assert.Equal("A frame did not arrive within 1 s (10 of 1,000 bytes).", dropped.Message);
        Assert.Null(await FrameCodec.ReadAsync(stalling));

        // The other client said nothing for longer than that, as one waiting for events does: it is still served.
        Assert.Equal(host.Id, (await silent.GetHostStatusAsync()).ProcessId);
    }

    [Fact]
    public async Task ConnectionsBeyondTheCap_AreRefused_WithAMessageTheClientAndTheCliReport()
    {
        await using var first = await _env.ConnectAsync();
        var held = new List<NetworkStream>();
        try
        {
            for (var i = 1; i < 64; i++)
            {
                held.Add(await RawConnection.OpenWelcomedAsync(_env.Paths.Socket));
            }

            var refused = await Assert.ThrowsAsync<TransferException>(() => _env.ConnectAsync());
            var cli = await CliProcess.RunAsync(_env, ["list"]);

            Assert.Equal(TransferErrorCode.LimitReached, refused.Code);
            Assert.StartsWith("This BitsLite host already serves 64 connections of yours, the most it allows (BITSLITE_MAX_CONNECTIONS); close some", refused.Message, StringComparison.Ordinal);
            Assert.Equal(6, cli.ExitCode);
            Assert.Contains(refused.Message, cli.Errors, StringComparison.Ordinal);
            Assert.Equal(1, File.ReadAllText(_env.Paths.LogFile).Split("Refusing connections of user id").Length - 1);

            // One goes, and another may come: the host counts a connection out as soon as it sees it close.
            await held[0].DisposeAsync();
            held.RemoveAt(0);
            await using var again = await ConnectOnceThereIsRoomAsync();
            Assert.Equal(64, (await again.GetHostStatusAsync()).Clients);
        }
        finally
        {
            foreach (var stream in held)
            {
                await stream.DisposeAsync();
            }
        }
    }

    /// <summary>One connection of the attack: its hello's refusal, or the stream it half-sent a request on and the host's answer to come.</summary>
    private sealed record HalfRequest(ErrorReply? Refusal, NetworkStream Stream, Task<Message?> Answer);

    /// <summary>Says hello, then announces a 4 MiB request and sends 3 MiB of it; returns once those are sent or the host has cut it off.</summary>
    private async Task<HalfRequest> SendThreeOfFourMebibytesAsync()
    {
        var (stream, answer) = await RawConnection.HelloAsync(_env.Paths.Socket, "half-sender");
        if (answer is ErrorReply refusal)
        {
            await stream.DisposeAsync();
            return new HalfRequest(refusal, stream, Task.FromResult<Message?>(refusal));
        }

        Assert.IsType<Welcome>(answer);
        var reply = FrameCodec.ReadAsync(stream).AsTask();
        try
        {
            await stream.WriteAsync(RawConnection.Header(4 * MiB));
            await stream.WriteAsync(new byte[3 * MiB]);
        }
        catch (IOException)
        {
            // The host dropped it while it was still sending: what the limits are for.
        }

        return new HalfRequest(null, stream, reply);
    }

    private async Task<BitsLite.Client.BitsLiteClient> ConnectOnceThereIsRoomAsync()
    {
        using var timeout = new CancellationTokenSource(HostTestEnvironment.WaitTimeout);
        while (true)
        {
            try
            {
                return await _env.ConnectAsync();
            }
            catch (TransferException ex) when (ex.Code == TransferErrorCode.LimitReached && !timeout.IsCancellationRequested)
            {
                // The host has not yet seen the close: the session ends on its own thread.
                await Task.Delay(10, CancellationToken.None);
            }
        }
    }

    /// <summary>A memory figure of the process from /proc (VmRSS: resident now; VmHWM: the most it ever was), in KiB.</summary>
    private static long Kibibytes(int pid, string field) =>
        long.Parse(
            File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim().Split(' ')[0],
            CultureInfo.InvariantCulture);
}
