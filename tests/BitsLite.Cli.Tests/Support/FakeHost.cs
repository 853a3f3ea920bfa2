using System.Collections.Concurrent;
using System.Net.Sockets;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;

namespace BitsLite.Cli.Tests.Support;

/// <summary>
/// A stand-in for bitslite-host on a Unix socket, speaking the real frame protocol with an in-memory job list,
/// so that commands can be tested end to end without the real host. Jobs follow a script: after a client
/// subscribes, the snapshots <see cref="Script"/> returns are applied and sent as events, one by one.
/// </summary>
internal sealed class FakeHost : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<TransferInfo> _jobs = [];
    private long _nextSubscription;

    public FakeHost(string directory)
    {
        var socketPath = Path.Combine(directory, "host.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen();
        _accepting = AcceptAsync();
    }

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>What a job goes through after a client subscribes to it (default: nothing happens).</summary>
    public Func<TransferInfo, IEnumerable<TransferInfo>> Script { get; set; } = _ => [];

    /// <summary>Completes when a client first subscribes.</summary>
    public TaskCompletionSource Subscribed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Hang up on a client once it subscribed and read the job (so, mid-wait), as a host that stops or crashes does.</summary>
    public bool CloseAfterSubscribe { get; set; }

    /// <summary>An error to answer a request with instead of handling it, when it returns one.</summary>
    public Func<Request, ErrorReply?> Refuse { get; set; } = _ => null;

    /// <summary>The process id the fake reports (tests that stop the host set one no process has).</summary>
    public int ProcessId { get; set; } = 4242;

    public HostPolicy Policy { get; set; } = new() { BackgroundBandwidth = null, MaxActiveJobs = 4 };

    public IReadOnlyList<TransferInfo> Jobs
    {
        get
        {
            lock (_jobs)
            {
                return [.. _jobs];
            }
        }
    }

    public TransferInfo Add(TransferInfo job)
    {
        lock (_jobs)
        {
            _jobs.Add(job);
        }

        return job;
    }

    public static TransferInfo Job(string name, TransferState state = TransferState.Queued, Guid? id = null, long total = 1000, long done = 0,
        params TransferFileInfo[] files) => new()
        {
            Id = id ?? Guid.NewGuid(),
            DisplayName = name,
            Owner = "tester",
            State = state,
            Priority = TransferPriority.Normal,
            Files = files.Length > 0 ? files : [new TransferFileInfo { Source = $"https://example.com/{name}", Destination = $"/data/{name}", BytesTotal = total, BytesTransferred = done, IsTransferred = done == total }],
            BytesTotal = total,
            BytesTransferred = done,
            FilesTotal = files.Length > 0 ? files.Length : 1,
            FilesTransferred = done == total ? 1 : 0,
            CreationTime = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero),
            ModificationTime = new DateTimeOffset(2026, 3, 1, 10, 5, 0, TimeSpan.Zero),
            RetryInterval = TimeSpan.FromMinutes(10),
            RetryTimeout = TimeSpan.FromDays(14),
        };

    /// <summary>The job as it finishes: every byte there, state Transferred.</summary>
    public static TransferInfo Finished(TransferInfo job) => job with
    {
        State = TransferState.Transferred,
        BytesTotal = Math.Max(job.BytesTotal, 1000),
        BytesTransferred = Math.Max(job.BytesTotal, 1000),
        FilesTransferred = job.FilesTotal,
        Files = job.Files.Select(f => f with { BytesTotal = 1000, BytesTransferred = 1000, IsTransferred = true }).ToList(),
    };

    public IEnumerable<T> RequestsOf<T>() where T : Request => Requests.OfType<T>();

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptAsync(_stop.Token);
                connections.Add(ServeAsync(socket));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var writeLock = new SemaphoreSlim(1, 1);
        async Task SendAsync(Message message)
        {
            await writeLock.WaitAsync();
            try
            {
                await FrameCodec.WriteAsync(stream, message);
            }
            finally
            {
                writeLock.Release();
            }
        }

        try
        {
            if (await FrameCodec.ReadAsync(stream, _stop.Token) is not Hello)
            {
                return;
            }

            await SendAsync(new Welcome(ProtocolVersion.Current, "fake-host/1"));
            var hangUpAfterNextReply = false;
            while (await FrameCodec.ReadAsync(stream, _stop.Token) is Request request)
            {
                Requests.Enqueue(request);
                if (Refuse(request) is { } refusal)
                {
                    await SendAsync(refusal with { ReplyTo = request.Id });
                    continue;
                }

                if (request is ListTransfers list)
                {
                    // Two jobs a page, so that paging is exercised.
                    var matching = Jobs.Where(j => Matches(list.Query, j)).ToList();
                    for (var i = 0; i < matching.Count || i == 0; i += 2)
                    {
                        await SendAsync(new TransferListReply(list.Id, matching.Skip(i).Take(2).ToList(), More: i + 2 < matching.Count));
                    }

                    continue;
                }

                if (request is Subscribe subscribe)
                {
                    var subscriptionId = Interlocked.Increment(ref _nextSubscription);
                    await SendAsync(new SubscribedReply(subscribe.Id, subscriptionId));
                    if (subscribe.TransferId is { } id && Find(id) is { } job)
                    {
                        foreach (var next in Script(job))
                        {
                            Replace(next);
                            await SendAsync(new TransferEventMessage(subscriptionId, TransferEventKind.StateChanged, next));
                        }
                    }

                    Subscribed.TrySetResult();
                    hangUpAfterNextReply = CloseAfterSubscribe;
                    continue;
                }

                await SendAsync(Handle(request));
                if (request is StopHost || hangUpAfterNextReply)
                {
                    // As the real host does: answer, then close every connection.
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ProtocolException or SocketException or ObjectDisposedException)
        {
        }
    }

    private Message Handle(Request request)
    {
        switch (request)
        {
            case CreateTransfer create:
                var created = Add(new TransferInfo
                {
                    Id = Guid.NewGuid(),
                    DisplayName = create.Transfer.DisplayName ?? Path.GetFileName(create.Transfer.Files.Count > 0 ? create.Transfer.Files[0].Destination : "job"),
                    Description = create.Transfer.Description,
                    Owner = "tester",
                    Priority = create.Transfer.Priority,
                    State = create.Transfer.Suspended ? TransferState.Suspended : TransferState.Queued,
                    Files = create.Transfer.Files.Select(f => new TransferFileInfo { Source = f.Source, Destination = f.Destination }).ToList(),
                    BytesTotal = -1,
                    FilesTotal = create.Transfer.Files.Count,
                    MaxBandwidth = create.Transfer.MaxBandwidth,
                    CustomHeaders = create.Transfer.CustomHeaders,
                    RetryInterval = create.Transfer.RetryInterval ?? TimeSpan.FromMinutes(10),
                    RetryTimeout = create.Transfer.RetryTimeout ?? TimeSpan.FromDays(14),
                    MaxDownloadTime = create.Transfer.MaxDownloadTime,
                });
                return new TransferReply(create.Id, created);
            case GetTransfer get:
                return Find(get.TransferId) is { } found ? new TransferReply(get.Id, found) : NotFound(get.Id, get.TransferId);
            case AddFiles add:
                return Update(add.Id, add.TransferId, j => j with
                {
                    Files = [.. j.Files, .. add.Files.Select(f => new TransferFileInfo { Source = f.Source, Destination = f.Destination })],
                    FilesTotal = j.FilesTotal + add.Files.Count,
                });
            case ChangeState change:
                var current = Find(change.TransferId);
                if (current is null)
                {
                    return NotFound(change.Id, change.TransferId);
                }

                if (current.State is TransferState.Acknowledged or TransferState.Cancelled
                    || (change.Change == StateChange.Complete && current.State != TransferState.Transferred))
                {
                    return new ErrorReply(change.Id, TransferErrorCode.InvalidState, $"Cannot {change.Change.ToString().ToLowerInvariant()} transfer '{current.DisplayName}': it is {current.State}.");
                }

                return Update(change.Id, change.TransferId, j => j with
                {
                    State = change.Change switch
                    {
                        StateChange.Suspend => TransferState.Suspended,
                        StateChange.Resume => TransferState.Queued,
                        StateChange.Complete => TransferState.Acknowledged,
                        _ => TransferState.Cancelled,
                    },
                });
            case SetTransfer set:
                return Update(set.Id, set.TransferId, j => j with
                {
                    DisplayName = set.Settings.DisplayName ?? j.DisplayName,
                    Description = set.Settings.Description ?? j.Description,
                    Priority = set.Settings.Priority ?? j.Priority,
                    MaxBandwidth = set.Settings.MaxBandwidth is { } limit ? (limit == 0 ? null : limit) : j.MaxBandwidth,
                    CustomHeaders = set.Settings.CustomHeaders ?? j.CustomHeaders,
                });
            case Unsubscribe unsubscribe:
                return new DoneReply(unsubscribe.Id);
            case GetPolicy getPolicy:
                return new PolicyReply(getPolicy.Id, Policy);
            case SetPolicy setPolicy:
                Policy = new HostPolicy
                {
                    BackgroundBandwidth = setPolicy.Change.BackgroundBandwidth is { } bandwidth ? (bandwidth == 0 ? null : bandwidth) : Policy.BackgroundBandwidth,
                    MaxActiveJobs = setPolicy.Change.MaxActiveJobs ?? Policy.MaxActiveJobs,
                };
                return new PolicyReply(setPolicy.Id, Policy);
            case GetHostStatus status:
                return new HostStatusReply(status.Id, new HostStatus
                {
                    ProcessId = ProcessId,
                    Version = "fake-host/1",
                    Protocol = ProtocolVersion.Current,
                    StartTime = DateTimeOffset.UtcNow.AddMinutes(-5),
                    DataRoot = "/fake",
                    Database = "/fake/jobs.db",
                    LogFile = "/fake/host.log",
                    Socket = "/fake/host.sock",
                    ActiveTransfers = 1,
                    LiveTransfers = Jobs.Count,
                    Clients = 1,
                    IdleTimeout = TimeSpan.FromMinutes(5),
                });
            case StopHost stop:
                return new DoneReply(stop.Id);
            default:
                return new ErrorReply(request.Id, TransferErrorCode.BadRequest, "The fake host does not know this request.");
        }
    }

    private static bool Matches(TransferQuery query, TransferInfo job) =>
        (!query.LiveOnly || job.State is not (TransferState.Acknowledged or TransferState.Cancelled))
        && (query.States is null || query.States.Contains(job.State));

    private TransferInfo? Find(Guid id) => Jobs.FirstOrDefault(j => j.Id == id);

    private void Replace(TransferInfo job)
    {
        lock (_jobs)
        {
            var index = _jobs.FindIndex(j => j.Id == job.Id);
            if (index >= 0)
            {
                _jobs[index] = job;
            }
        }
    }

    private Message Update(long requestId, Guid id, Func<TransferInfo, TransferInfo> change)
    {
        if (Find(id) is not { } job)
        {
            return NotFound(requestId, id);
        }

        var updated = change(job);
        Replace(updated);
        return new TransferReply(requestId, updated);
    }

    private static ErrorReply NotFound(long requestId, Guid id) => new(requestId, TransferErrorCode.NotFound, $"No transfer has the id {id}.");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
