using System.Management.Automation;
using System.Threading.Channels;
using BitsLite.Client;
using BitsLite.Client.Requests;
using BitsLite.Client.Waiting;
using BitsLite.PowerShell.Errors;
using BitsLite.PowerShell.Live;
using BitsLite.PowerShell.Progress;
using BitsLite.PowerShell.Selection;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Commands;

/// <summary>
/// What every BitsLite cmdlet shares: one host connection per command (the host is started if none runs), Ctrl+C
/// cancelling the request in flight, host errors as ErrorRecords, and waiting with Write-Progress.
/// </summary>
public abstract class TransferCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private BitsLiteClient? _client;
    private int _nextActivityId = 1;
    private bool _disposed;

    /// <summary>How the cmdlets reach the host: the defaults (BITSLITE_HOME honoured, the host beside the module).</summary>
    internal static BitsLiteClientOptions ClientOptions(bool autoStart = true) => new()
    {
        ClientName = "BitsLite.PowerShell/" + typeof(TransferCmdlet).Assembly.GetName().Version?.ToString(3),
        AutoStart = autoStart,
    };

    /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing).</summary>
    private protected CancellationToken Cancellation => _stopping.Token;

    /// <summary>The connection, made on first use; no host that can be reached or started ends the command.</summary>
    private protected BitsLiteClient Client
    {
        get
        {
            if (_client is null)
            {
                try
                {
                    _client = Await(ct => BitsLiteClient.ConnectAsync(ClientOptions(), ct));
                }
                catch (TransferException ex)
                {
                    ThrowTerminatingError(ErrorRecordFor(ex, null));
                }
            }

            return _client!;
        }
    }

    /// <summary>Runs an async operation on the pipeline thread; Ctrl+C stops the pipeline.</summary>
    private protected T Await<T>(Func<CancellationToken, Task<T>> operation)
    {
        try
        {
            return operation(Cancellation).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>
    /// Runs a request about one item. A refusal (not found, wrong state, bad value) is a non-terminating error for
    /// that item and returns false; losing the host ends the command.
    /// </summary>
    private protected bool TryAwait<T>(Func<CancellationToken, Task<T>> operation, object? target, out T result)
    {
        try
        {
            result = Await(operation);
            if (result is TransferInfo reply)
            {
                LiveTransferRegistry.Shared.Observe(reply);
            }

            return true;
        }
        catch (TransferException ex) when (!TransferErrorCategories.EndsCommand(ex.Code))
        {
            WriteError(ErrorRecordFor(ex, target));
            result = default!;
            return false;
        }
        catch (TransferException ex)
        {
            ThrowTerminatingError(ErrorRecordFor(ex, target));
            throw;
        }
    }

    /// <summary>The ErrorRecord for a host or client error, with a stable id (see <see cref="TransferErrorCategories"/>).</summary>
    private protected static ErrorRecord ErrorRecordFor(TransferException exception, object? target) =>
        new(exception, TransferErrorCategories.IdFor(exception.Code), TransferErrorCategories.CategoryFor(exception.Code), target);

    /// <summary>
    /// The ErrorRecord for parameters that do not make a request, found before anything was asked of the host; its
    /// target is what the user gave that was refused.
    /// </summary>
    private protected static ErrorRecord InvalidArgument(TransferException exception, object? target) =>
        new(exception, "InvalidParameters", ErrorCategory.InvalidArgument, target);

    /// <summary>
    /// The error for a transfer that ended in Error while a command waited for it. The exception's code is
    /// TransferFailed; the category follows the job's error (a 404 is ObjectNotFound, a full disk WriteError).
    /// </summary>
    private protected static ErrorRecord TransferFailed(TransferInfo failed) => new(
        new TransferException(TransferErrorCode.TransferFailed, $"Transfer '{failed.Options.DisplayName}' failed: {failed.Error?.Description} It stays in Error: fix the cause and run Resume-Transfer, or Remove-Transfer."),
        TransferErrorCategories.TransferFailed,
        TransferErrorCategories.CategoryFor(failed.Error),
        new Transfer(failed));

    /// <summary>
    /// A job's files from -Source and -Destination as users give them: URLs pass as they are, anything else is a
    /// PowerShell path (~, drives, relative to the current location, which is not the process's), and a local source
    /// with wildcards stands for every file it matches, as with Start-BitsTransfer.
    /// </summary>
    /// <exception cref="TransferException">The sources and destinations do not make a job (see <see cref="TransferFiles.Pair"/>).</exception>
    private protected IReadOnlyList<TransferFileSpec> FilesFrom(IEnumerable<string> sources, IEnumerable<string>? destinations) =>
        TransferFiles.Pair([.. sources.SelectMany(ExpandSource)], destinations?.Select(ProviderPath).ToList(), SessionState.Path.CurrentFileSystemLocation.ProviderPath);

    /// <summary>
    /// The files with their expected SHA-256s (-ExpectedHash): one per file, in order; none, or only empty ones, leave
    /// the files as they are. Checked here, so a bad hash fails before anything is sent.
    /// </summary>
    private protected static IReadOnlyList<TransferFileSpec> WithHashes(IReadOnlyList<TransferFileSpec> files, string[]? hashes)
    {
        if (hashes is null || hashes.All(string.IsNullOrWhiteSpace))
        {
            return files;
        }

        if (hashes.Length != files.Count)
        {
            throw new TransferException(
                TransferErrorCode.InvalidArgument,
                $"-ExpectedHash has {hashes.Length} hash(es) for {files.Count} file(s); give one per file, in the order of the sources (an empty one for a file without).");
        }

        var result = new List<TransferFileSpec>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            result.Add(files[i] with { ExpectedHash = Sha256Text.Normalize(hashes[i], files[i].Destination) });
        }

        return result;
    }

    /// <summary>An upload's one file: a local file (a provider path) to an http(s) URL (taken as it is).</summary>
    private protected TransferFileSpec UploadFileFrom(IEnumerable<string> sources, IEnumerable<string>? destinations) =>
        UploadFiles.Pair([.. sources.Select(ProviderPath)], destinations?.ToList(), SessionState.Path.CurrentFileSystemLocation.ProviderPath);

    /// <summary>An UploadReply transfer's reply file, as a full file system path in a directory that exists.</summary>
    private protected string ReplyFilePath(string path) =>
        UploadFiles.ReplyFile(ProviderPath(path), SessionState.Path.CurrentFileSystemLocation.ProviderPath);

    private string ProviderPath(string pathOrUrl) =>
        IsUrl(pathOrUrl) ? pathOrUrl : SessionState.Path.GetUnresolvedProviderPathFromPSPath(pathOrUrl);

    private IEnumerable<string> ExpandSource(string source)
    {
        if (IsUrl(source) || !WildcardPattern.ContainsWildcardCharacters(source))
        {
            return [ProviderPath(source)];
        }

        try
        {
            var files = SessionState.Path.GetResolvedProviderPathFromPSPath(source, out _).Where(File.Exists).Order(StringComparer.Ordinal).ToList();
            return files.Count > 0 ? files : throw new ItemNotFoundException();
        }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException)
        {
            throw new TransferException(TransferErrorCode.InvalidSource, $"No file matches the source '{source}'.", ex);
        }
    }

    private static bool IsUrl(string pathOrUrl) => pathOrUrl.Contains("://", StringComparison.Ordinal);

    /// <summary>
    /// The parameters the user gave, as an error's target: a copy (binding goes on with the next record), with each
    /// credential reduced to its user name so that no password travels with the error.
    /// </summary>
    private protected Dictionary<string, object?> GivenParameters() => MyInvocation.BoundParameters.ToDictionary<KeyValuePair<string, object>, string, object?>(
        p => p.Key,
        p => p.Value is PSCredential credential ? credential.UserName : p.Value,
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the user gave <paramref name="parameterName"/> on the command line or through the pipeline.</summary>
    private protected bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

    /// <summary>
    /// Waits until <paramref name="until"/> holds (default: the job settles), showing Write-Progress from the job's
    /// events. Returns <see langword="null"/> when <paramref name="timeout"/> passes first.
    /// </summary>
    private protected TransferInfo? WaitWithProgress(TransferInfo transfer, TimeSpan? timeout = null, Func<TransferInfo, bool>? until = null)
    {
        if (timeout == TimeSpan.Zero)
        {
            var now = Await(ct => Client.GetAsync(transfer.Id, ct));
            return (until ?? TransferWait.IsSettled)(now) ? now : null;
        }

        var activityId = _nextActivityId++;
        var updates = Channel.CreateUnbounded<TransferInfo>(new UnboundedChannelOptions { SingleReader = true });
        using var timer = new CancellationTokenSource();
        if (timeout is { } limit)
        {
            timer.CancelAfter(limit);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(Cancellation, timer.Token);
        var wait = Client.WaitAsync(transfer.Id, new ChannelProgress(updates.Writer), until, linked.Token);

        // Completing the channel ends the pending read below when the wait is over, so nothing is left waiting.
        _ = wait.ContinueWith(_ => updates.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var view = new TransferProgressView();
        ProgressValues? last = null;
        while (!wait.IsCompleted)
        {
            // Write-Progress must run on this thread; the events arrive on others.
            var readable = updates.Reader.WaitToReadAsync(linked.Token).AsTask();
            Task.WaitAny(readable, wait);
            TransferInfo? newest = null;
            while (updates.Reader.TryRead(out var info))
            {
                newest = info;
            }

            if (newest is not null)
            {
                last = view.Next(newest, TimeProvider.System.GetUtcNow());
                WriteProgress(ToRecord(activityId, last, ProgressRecordType.Processing));
            }

            if (linked.IsCancellationRequested)
            {
                break;
            }
        }

        if (last is not null)
        {
            WriteProgress(ToRecord(activityId, last, ProgressRecordType.Completed));
        }

        try
        {
            var settled = wait.GetAwaiter().GetResult();
            LiveTransferRegistry.Shared.Observe(settled);
            return settled;
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            return null;
        }
    }

    private static ProgressRecord ToRecord(int activityId, ProgressValues values, ProgressRecordType type) =>
        new(activityId, values.Activity, values.StatusDescription)
        {
            CurrentOperation = values.CurrentOperation,
            PercentComplete = values.PercentComplete,
            SecondsRemaining = values.SecondsRemaining,
            RecordType = type,
        };

    /// <summary>
    /// The transfers a command names in its parameter set: given as objects, by id, or by display name (wildcards; live
    /// transfers only). Names and ids that match nothing are reported as errors, and the others are still processed.
    /// </summary>
    private protected IEnumerable<TransferInfo> Targets(Transfer[] transfers, Guid[] ids, string[] names)
    {
        switch (ParameterSetName)
        {
            case ParameterSets.Transfer:
                return transfers.Where(t => t is not null).Select(t => t.Info);
            case ParameterSets.Id:
                return ids.Select(id => TryAwait(ct => Client.GetAsync(id, ct), id, out var found) ? found : null).OfType<TransferInfo>();
            default:
                var live = Await(ct => TransferListing.ReadAllAsync(Client, new TransferQuery { LiveOnly = true, WithoutFiles = true }, ct));
                var (matches, unmatched) = TransferSelection.ByName(live, names);
                foreach (var name in unmatched)
                {
                    WriteError(new ErrorRecord(
                        new TransferException(TransferErrorCode.NotFound, $"No live transfer is named '{name}'. Get-Transfer lists them."),
                        TransferErrorCategories.NameNotFound,
                        ErrorCategory.ObjectNotFound,
                        name));
                }

                return matches;
        }
    }

    /// <summary>What ShouldProcess shows for a transfer.</summary>
    private protected static string Describe(TransferInfo transfer) => $"{transfer.Options.DisplayName} ({transfer.Id})";

    /// <summary>Cancels the request in flight; jobs keep running in the host.</summary>
    protected override void StopProcessing()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command had already finished.
        }
    }

    /// <summary>Closes the connection.</summary>
    protected override void EndProcessing() => Dispose();

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the connection once.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        _client?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _client = null;
        _stopping.Dispose();
    }

    /// <summary>Reports synchronously into the channel: Progress&lt;T&gt; would post to a context the pipeline thread never pumps.</summary>
    private sealed class ChannelProgress(ChannelWriter<TransferInfo> writer) : IProgress<TransferInfo>
    {
        public void Report(TransferInfo value) => writer.TryWrite(value);
    }
}
