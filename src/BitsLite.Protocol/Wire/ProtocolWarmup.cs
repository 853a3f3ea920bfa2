using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// Sends sample messages of every common shape through the frame codec once, in the background. ReadyToRun cannot
/// precompile System.Text.Json's generic code for our types; compiled on first use, it cost a cold start about
/// 200 ms. The host warms up while its store opens, a client while it waits for the host it started.
/// </summary>
public static class ProtocolWarmup
{
    // Once per process: the CLI warms up while it parses, and its client would otherwise again when it starts a host.
    private static readonly Lazy<Task> Warmup = new(() => Task.Run(WarmUpAsync));

    /// <summary>Starts the warm-up on the thread pool, once per process (later calls return the same task); it never fails.</summary>
    public static Task StartAsync() => Warmup.Value;

    private static async Task WarmUpAsync()
    {
        var info = new TransferInfo
        {
            Id = Guid.NewGuid(),
            Options = new TransferOptions { DisplayName = "warm-up", CustomHeaders = ["X-A: ***"], MaxDownloadTime = TimeSpan.FromHours(1) },
            Owner = "warm-up",
            Files = [new TransferFileInfo { Source = "https://example.test/a", Destination = "/tmp/a", BytesTotal = 1, BytesTransferred = 1, IsTransferred = true }],
            Error = new TransferError { Context = TransferErrorContext.RemoteFile, Description = "warm-up", HttpStatus = 503 },
            TransferCompletionTime = DateTimeOffset.UnixEpoch,
        };
        Message[] samples =
        [
            new Hello(ProtocolVersion.Current, "warm-up"),
            new Welcome(ProtocolVersion.Current, "warm-up"),
            new ListTransfers(1, new TransferQuery { States = [TransferState.Queued], LiveOnly = true }),
            new TransferListReply(1, [info], More: false),
            new CreateTransfer(2, new TransferRequest { Files = [new("https://example.test/a", "/tmp/a")], Options = new() { RetryInterval = TimeSpan.FromMinutes(1) } }),
            new TransferReply(2, info),
            new GetTransfer(3, info.Id),
            new ChangeState(4, info.Id, StateChange.Complete),
            new SetTransfer(5, info.Id, new TransferOptionsPatch { Priority = TransferPriority.Low }),
            new Subscribe(6, info.Id),
            new SubscribedReply(6, 1),
            new TransferEventMessage(1, TransferEventKind.Progress, info),
            new GetHostStatus(7),
            new HostStatusReply(7, new HostStatus { Version = "", DataRoot = "", Database = "", LogFile = "", Socket = "", IdleTimeout = TimeSpan.Zero }),
            new GetPolicy(8),
            new PolicyReply(8, new HostPolicy()),
            new ErrorReply(9, TransferErrorCode.NotFound, "warm-up"),
            new DoneReply(10),
        ];

        using var stream = new MemoryStream();
        foreach (var message in samples)
        {
            await FrameCodec.WriteAsync(stream, message).ConfigureAwait(false);
        }

        stream.Position = 0;
        while (await FrameCodec.ReadAsync(stream).ConfigureAwait(false) is not null)
        {
        }
    }
}
