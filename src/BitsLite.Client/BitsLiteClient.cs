using System.Threading.Channels;
using BitsLite.Client.Connection;
using BitsLite.Client.Hosting;
using BitsLite.Client.Waiting;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;

namespace BitsLite.Client;

/// <summary>
/// A connection to the current user's BitsLite host, with one method per operation. Connecting starts a host
/// when none runs. Thread-safe: calls may overlap. Every failure is a <see cref="TransferException"/> whose
/// <see cref="TransferException.Code"/> scripts may rely on.
/// </summary>
public sealed class BitsLiteClient : IAsyncDisposable
{
    private readonly HostConnection _connection;

    private BitsLiteClient(HostConnection connection, BitsLiteClientOptions options)
    {
        _connection = connection;
        Options = options;
    }

    /// <summary>The options this client connected with.</summary>
    public BitsLiteClientOptions Options { get; }

    /// <summary>The host's name and version, from the handshake.</summary>
    public string HostVersion => _connection.Welcome.Server;

    /// <summary>
    /// Connects to the host, starting one when none answers (unless <see cref="BitsLiteClientOptions.AutoStart"/> is off).
    /// First it checks that the data root, the socket directory and the files in them are the current user's alone
    /// (<see cref="DataRootGuard"/>): nothing is sent, and no host started, where another user could read it.
    /// </summary>
    /// <exception cref="TransferException">
    /// <see cref="TransferErrorCode.HostUnavailable"/> when no host answers or none could be started (the message names its log);
    /// <see cref="TransferErrorCode.AccessDenied"/> when the data root, socket directory or a file in them is another
    /// user's, open to others or a link (the message says how to fix it), or the host belongs to another user;
    /// <see cref="TransferErrorCode.LimitReached"/> when this user already holds the most connections the host allows;
    /// <see cref="TransferErrorCode.ProtocolMismatch"/> from the handshake.
    /// </exception>
    public static async Task<BitsLiteClient> ConnectAsync(BitsLiteClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BitsLiteClientOptions();
        return await TryConnectAsync(options, cancellationToken).ConfigureAwait(false)
            ?? throw new TransferException(TransferErrorCode.HostUnavailable, $"No BitsLite host is running (socket '{options.Paths.Socket}').");
    }

    /// <summary>Like <see cref="ConnectAsync"/>, but returns <see langword="null"/> instead of failing when no host runs and AutoStart is off.</summary>
    /// <exception cref="TransferException">As <see cref="ConnectAsync"/>.</exception>
    public static async Task<BitsLiteClient?> TryConnectAsync(BitsLiteClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        DataRootGuard.Verify(options.Paths);
        var connection = await HostConnection.TryConnectAsync(options.Paths.Socket, options.ClientName, cancellationToken).ConfigureAwait(false);
        if (connection is null && options.AutoStart)
        {
            connection = await StartHostAsync(options, cancellationToken).ConfigureAwait(false);
        }

        return connection is null ? null : new BitsLiteClient(connection, options);
    }

    private static async Task<HostConnection> StartHostAsync(BitsLiteClientOptions options, CancellationToken cancellationToken)
    {
        var command = HostCommand.Locate(options.HostPath);
        DataRootGuard.Prepare(options.Paths);
        var time = options.TimeProvider;
        var started = time.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(5);
        var process = HostLauncher.Start(command, options.Paths, options.HostIdleTimeout);

        // The host takes a few tens of milliseconds to listen: time enough to compile our own side of the protocol.
        _ = ProtocolWarmup.StartAsync();
        try
        {
            while (true)
            {
                if (await HostConnection.TryConnectAsync(options.Paths.Socket, options.ClientName, cancellationToken).ConfigureAwait(false) is { } connection)
                {
                    return connection;
                }

                if (process.HasExited)
                {
                    // 0: it started and stopped again (asked to, or idle) before we got in; 3: another host holds the lock.
                    if (process.ExitCode is not (0 or HostCommandLine.ExitAlreadyRunning))
                    {
                        throw new TransferException(TransferErrorCode.HostUnavailable,
                            $"The BitsLite host could not start (exit code {process.ExitCode}). {LastLogLine(options.Paths.LogFile)}See its log: {options.Paths.LogFile}");
                    }

                    // Another host holds the lock: one that another client started (it will listen soon), or one still
                    // stopping (it will let go soon). Either way, try again; the timeout below bounds it.
                    process.Dispose();
                    process = HostLauncher.Start(command, options.Paths, options.HostIdleTimeout);
                }

                if (time.GetElapsedTime(started) > options.StartTimeout)
                {
                    throw new TransferException(TransferErrorCode.HostUnavailable,
                        $"The BitsLite host did not answer within {options.StartTimeout.TotalSeconds:0} s. {LastLogLine(options.Paths.LogFile)}See its log: {options.Paths.LogFile}");
                }

                await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);

                // Short pauses: a host is usually up within a few tens of milliseconds, and a cold start is what users feel.
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 25));
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    private static string LastLogLine(string logFile)
    {
        try
        {
            var last = File.ReadLines(logFile).LastOrDefault(l => l.Length > 0);
            return last is null ? "" : $"Its log ends: \"{last}\". ";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Creates a job (queued at once unless <see cref="TransferRequest.Suspended"/>).</summary>
    public async Task<TransferInfo> CreateAsync(TransferRequest request, CancellationToken cancellationToken = default) =>
        (await _connection.SendAsync<TransferReply>(id => new CreateTransfer(id, request), cancellationToken).ConfigureAwait(false)).Transfer;

    /// <summary>Adds files to a job that is not finished.</summary>
    public async Task<TransferInfo> AddFilesAsync(Guid transferId, IReadOnlyList<TransferFileSpec> files, CancellationToken cancellationToken = default) =>
        (await _connection.SendAsync<TransferReply>(id => new AddFiles(id, transferId, files), cancellationToken).ConfigureAwait(false)).Transfer;

    /// <summary>One job by id.</summary>
    public async Task<TransferInfo> GetAsync(Guid transferId, CancellationToken cancellationToken = default) =>
        (await _connection.SendAsync<TransferReply>(id => new GetTransfer(id, transferId), cancellationToken).ConfigureAwait(false)).Transfer;

    /// <summary>The jobs matching <paramref name="query"/> in creation order, streamed as the host sends them.</summary>
    public IAsyncEnumerable<TransferInfo> ListAsync(TransferQuery? query = null, CancellationToken cancellationToken = default) =>
        _connection.ListAsync(query ?? new TransferQuery(), cancellationToken);

    /// <summary>Pauses a job, keeping its progress.</summary>
    public Task<TransferInfo> SuspendAsync(Guid transferId, CancellationToken cancellationToken = default) => ChangeAsync(transferId, StateChange.Suspend, cancellationToken);

    /// <summary>Queues a suspended or failed job again.</summary>
    public Task<TransferInfo> ResumeAsync(Guid transferId, CancellationToken cancellationToken = default) => ChangeAsync(transferId, StateChange.Resume, cancellationToken);

    /// <summary>Moves a transferred job's files to their destinations.</summary>
    public Task<TransferInfo> CompleteAsync(Guid transferId, CancellationToken cancellationToken = default) => ChangeAsync(transferId, StateChange.Complete, cancellationToken);

    /// <summary>Cancels a job and deletes its temporary files.</summary>
    public Task<TransferInfo> CancelAsync(Guid transferId, CancellationToken cancellationToken = default) => ChangeAsync(transferId, StateChange.Cancel, cancellationToken);

    private async Task<TransferInfo> ChangeAsync(Guid transferId, StateChange change, CancellationToken cancellationToken) =>
        (await _connection.SendAsync<TransferReply>(id => new ChangeState(id, transferId, change), cancellationToken).ConfigureAwait(false)).Transfer;

    /// <summary>Changes a job's settings; properties left null keep their value.</summary>
    public async Task<TransferInfo> SetAsync(Guid transferId, TransferOptionsPatch changes, CancellationToken cancellationToken = default) =>
        (await _connection.SendAsync<TransferReply>(id => new SetTransfer(id, transferId, changes), cancellationToken).ConfigureAwait(false)).Transfer;

    /// <summary>
    /// Waits until <paramref name="until"/> holds for the job (by default: until it settles, see <see cref="TransferWait.IsSettled"/>),
    /// reporting each change to <paramref name="progress"/>. Returns the job as it was then.
    /// </summary>
    public async Task<TransferInfo> WaitAsync(Guid transferId, IProgress<TransferInfo>? progress = null, Func<TransferInfo, bool>? until = null, CancellationToken cancellationToken = default)
    {
        until ??= TransferWait.IsSettled;

        // Subscribe before reading the job, so that no change between the two goes unseen.
        var subscription = await SubscribeAsync(transferId, cancellationToken).ConfigureAwait(false);
        await using (subscription.ConfigureAwait(false))
        {
            var current = await GetAsync(transferId, cancellationToken).ConfigureAwait(false);
            progress?.Report(current);
            while (!until(current))
            {
                current = (await subscription.ReadAsync(cancellationToken).ConfigureAwait(false)).Transfer;
                progress?.Report(current);
            }

            return current;
        }
    }

    /// <summary>
    /// Subscribes to one job's events (or every job's, with a null id). The host holds the subscription when this
    /// returns, so a job read afterwards is kept current by the events that follow.
    /// </summary>
    public async Task<TransferSubscription> SubscribeAsync(Guid? transferId, CancellationToken cancellationToken = default)
    {
        var (subscriptionId, events, dropped) = await _connection.SubscribeAsync(transferId, cancellationToken).ConfigureAwait(false);
        return new TransferSubscription(_connection, subscriptionId, events, dropped);
    }

    /// <summary>Follows one job's events (or every job's, with a null id) until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async IAsyncEnumerable<TransferEventMessage> WatchAsync(Guid? transferId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var subscription = await SubscribeAsync(transferId, cancellationToken).ConfigureAwait(false);
        await using (subscription.ConfigureAwait(false))
        {
            while (true)
            {
                yield return await subscription.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The host-wide policy.</summary>
    public async Task<HostPolicy> GetPolicyAsync(CancellationToken cancellationToken = default) =>
        (await _connection.SendAsync<PolicyReply>(id => new GetPolicy(id), cancellationToken).ConfigureAwait(false)).Policy;

    /// <summary>Changes the host-wide policy; the host saves it and applies it to running transfers.</summary>
    /// <exception cref="TransferException">
    /// Refused by the host; or <see cref="TransferErrorCode.ProtocolMismatch"/> when a bandwidth schedule or a job limit
    /// was given and the host answered without it: a host older than that setting ignored it (the rest of the change applies).
    /// </exception>
    public async Task<HostPolicy> SetPolicyAsync(HostPolicyChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var policy = (await _connection.SendAsync<PolicyReply>(id => new SetPolicy(id, change), cancellationToken).ConfigureAwait(false)).Policy;
        if (change.BandwidthSchedule is { Count: > 0 } && policy.BandwidthSchedule is null or { Count: 0 })
        {
            throw new TransferException(
                TransferErrorCode.ProtocolMismatch,
                "The running host is older than bandwidth schedules and ignored the schedule; stop it (bitslite host stop, or Stop-TransferHost) so that a current one starts, and set the schedule again.");
        }

        // A host that predates these limits answers without them (0), having ignored them.
        if ((change.MaxFilesPerJob is not null && policy.MaxFilesPerJob == 0) || (change.MaxJobsPerUser is not null && policy.MaxJobsPerUser == 0))
        {
            throw new TransferException(
                TransferErrorCode.ProtocolMismatch,
                "The running host is older than the files-per-job and jobs-per-user limits and ignored them; stop it (bitslite host stop, or Stop-TransferHost) so that a current one starts, and set them again.");
        }

        if (change.MaxConnectionsPerFile is not null && policy.MaxConnectionsPerFile == 0)
        {
            throw new TransferException(
                TransferErrorCode.ProtocolMismatch,
                "The running host is older than segmented downloads and ignored MaxConnectionsPerFile; stop it (bitslite host stop, or Stop-TransferHost) so that a current one starts, and set it again.");
        }

        return policy;
    }

    /// <summary>What the host says about itself.</summary>
    public async Task<HostStatus> GetHostStatusAsync(CancellationToken cancellationToken = default) =>
        (await _connection.SendAsync<HostStatusReply>(id => new GetHostStatus(id), cancellationToken).ConfigureAwait(false)).Status;

    /// <summary>
    /// Asks the host to checkpoint and exit, and returns once it has stopped serving (closed this connection).
    /// Unfinished jobs resume when a host next starts.
    /// </summary>
    public async Task StopHostAsync(CancellationToken cancellationToken = default)
    {
        await _connection.SendAsync<DoneReply>(id => new StopHost(id), cancellationToken).ConfigureAwait(false);
        await _connection.Closed.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
