using BitsLite.PowerShell.Live;
using BitsLite.Protocol.Transfers;

namespace BitsLite;

/// <summary>
/// A transfer job as the cmdlets show it. Like BITS' job objects it is live: every property read answers with the
/// transfer as the host has it now (kept current by the host's events, see <see cref="LiveTransferRegistry"/>), so
/// <c>while ($t.State -eq 'Transferring') { Start-Sleep 5 }</c> ends when the transfer does.
/// </summary>
public sealed class Transfer
{
    private readonly LiveTransferEntry _entry;
    private TransferFile[]? _files;
    private TransferInfo? _filesOf;

    internal Transfer(TransferInfo info) => _entry = LiveTransferRegistry.Shared.Track(info);

    /// <summary>The newest snapshot of the transfer.</summary>
    internal TransferInfo Info => LiveTransferRegistry.Shared.Read(_entry);

    /// <summary>The transfer's identity (BITS: JobId).</summary>
    public Guid Id => Info.Id;

    /// <summary>A short name, not necessarily unique.</summary>
    public string DisplayName => Info.Options.DisplayName;

    /// <summary>A longer description.</summary>
    public string Description => Info.Options.Description;

    /// <summary>The account that owns the transfer (BITS: OwnerAccount).</summary>
    public string Owner => Info.Owner;

    /// <summary>Download, Upload or UploadReply.</summary>
    public TransferType TransferType => Info.TransferType;

    /// <summary>How an upload is sent: Bits or Put (Bits for downloads).</summary>
    public UploadMethod UploadMethod => Info.Options.UploadMethod;

    /// <summary>Where an UploadReply transfer's reply is written when it is completed; <see langword="null"/> for others.</summary>
    public string? ReplyFile => Info.ReplyFile;

    /// <summary>Foreground, High, Normal or Low.</summary>
    public TransferPriority Priority => Info.Options.Priority;

    /// <summary>Queued, Connecting, Transferring, Suspended, TransientError, Error, Transferred, Acknowledged or Cancelled.</summary>
    public TransferState State => Info.State;

    /// <summary>Why a Queued transfer is held back, when it is not just waiting its turn.</summary>
    public string? QueueReason => Info.QueueReason;

    // Collections are arrays: PowerShell indexes ($t.Files[0]) only public collection types, which a compiler-made
    // read-only list is not.

    /// <summary>The files, in transfer order (empty when listed as a summary).</summary>
    public TransferFile[] Files
    {
        get
        {
            var info = Info;
            if (!ReferenceEquals(Volatile.Read(ref _filesOf), info))
            {
                _files = [.. info.Files.Select((f, i) => new TransferFile(_entry, i, f))];
                Volatile.Write(ref _filesOf, info);
            }

            return _files!;
        }
    }

    /// <summary>The total size, or -1 while any file's size is unknown.</summary>
    public long BytesTotal => Info.BytesTotal;

    /// <summary>Bytes on disk so far.</summary>
    public long BytesTransferred => Info.BytesTransferred;

    /// <summary>Percent of the bytes on disk, or <see langword="null"/> while the size is unknown.</summary>
    public double? PercentComplete => Info.PercentComplete;

    /// <summary>The number of files.</summary>
    public int FilesTotal => Info.FilesTotal;

    /// <summary>The number of files whose bytes are all on disk.</summary>
    public int FilesTransferred => Info.FilesTransferred;

    /// <summary>When the transfer was created (local time).</summary>
    public DateTime CreationTime => Info.CreationTime.LocalDateTime;

    /// <summary>When the transfer last changed (local time).</summary>
    public DateTime ModificationTime => Info.ModificationTime.LocalDateTime;

    /// <summary>When all bytes were on disk (local time), if they are.</summary>
    public DateTime? TransferCompletionTime => Info.TransferCompletionTime?.LocalDateTime;

    /// <summary>Where the last error happened (BITS: ErrorContext), or <see langword="null"/>.</summary>
    public TransferErrorContext? ErrorContext => Info.Error?.Context;

    /// <summary>What went wrong last, or <see langword="null"/>.</summary>
    public string? ErrorDescription => Info.Error?.Description;

    /// <summary>The HTTP status of the last error, if it was one.</summary>
    public int? HttpStatus => Info.Error?.HttpStatus;

    /// <summary>How many errors the transfer has met.</summary>
    public int ErrorCount => Info.ErrorCount;

    /// <summary>The minimum delay before a retry, in seconds.</summary>
    public int RetryInterval => (int)Info.Options.RetryInterval.TotalSeconds;

    /// <summary>Seconds without progress before a transient error becomes an error.</summary>
    public int RetryTimeout => (int)Info.Options.RetryTimeout.TotalSeconds;

    /// <summary>The longest active time in seconds; 0: no limit.</summary>
    public int MaxDownloadTime => (int)Info.Options.MaxDownloadTime.TotalSeconds;

    /// <summary>This transfer's own limit in bytes per second; 0: no limit.</summary>
    public long MaxBandwidth => Info.Options.MaxBandwidth;

    /// <summary>Connections for one large file of a Foreground or High transfer (Normal and Low use one).</summary>
    public int Connections => Info.Options.Connections;

    /// <summary>On which networks it may transfer: Always or Unmetered.</summary>
    public TransferCostPolicy TransferPolicy => Info.Options.TransferPolicy;

    /// <summary>Extra request headers, their values hidden ("Name: ***"); none shown when they are write-only.</summary>
    public string[] CustomHeaders => [.. Info.Options.CustomHeaders];

    /// <summary>Whether the custom headers are write-only (never shown, not even their names).</summary>
    public bool CustomHeadersWriteOnly => Info.Options.CustomHeadersWriteOnly;

    /// <summary>Whether the custom headers also go to other servers a redirect leads to.</summary>
    public bool CustomHeadersToOtherOrigins => Info.Options.CustomHeadersToOtherOrigins;

    /// <summary>The credentials' targets, schemes and user names (never passwords).</summary>
    public string[] Credentials => [.. Info.Options.Credentials.Select(c => $"{c.Target} {c.Scheme} {c.UserName}")];

    /// <summary>SystemDefault, NoProxy, AutoDetect or Override.</summary>
    public TransferProxyUsage ProxyUsage => Info.Options.Proxy.Usage;

    /// <summary>The proxies used with Override.</summary>
    public string[] ProxyList => [.. Info.Options.Proxy.List];

    /// <summary>Hosts reached without the proxy, with Override.</summary>
    public string[] ProxyBypass => [.. Info.Options.Proxy.Bypass];

    /// <summary>The notification program and its arguments, or empty.</summary>
    public string[] NotifyCmdLine => Info.Options.Notification is { } n ? [n.Program, .. n.Arguments] : [];

    /// <inheritdoc/>
    public override string ToString() => $"{DisplayName} ({Id})";
}
