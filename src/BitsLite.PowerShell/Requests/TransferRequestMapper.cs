using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Requests;

/// <summary>
/// Turns cmdlet parameters into host requests. Everything Start-Transfer and Set-Transfer decide lives here, below
/// the cmdlets, where it is tested without PowerShell.
/// </summary>
internal static class TransferRequestMapper
{
    /// <summary>BITS' cmdlets default to Negotiate; BitsLite defaults to Basic, which most servers off Windows offer.</summary>
    public const TransferAuthScheme DefaultAuthentication = TransferAuthScheme.Basic;

    /// <summary>The request for a new job.</summary>
    /// <exception cref="TransferException">Parameters that do not go together (InvalidArgument).</exception>
    public static TransferRequest ToRequest(IReadOnlyList<TransferFileSpec> files, JobOptionValues values, TransferType type, bool suspended)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(values);
        if (values.NotifyCmdLine is { Count: 0 })
        {
            throw Invalid("-NotifyCmdLine needs at least the program to run.");
        }

        return new TransferRequest
        {
            DisplayName = values.DisplayName,
            Description = values.Description ?? "",
            TransferType = type,
            Priority = values.Priority ?? TransferPriority.Foreground,
            Files = files,
            Suspended = suspended,
            RetryInterval = Seconds(values.RetryInterval),
            RetryTimeout = Seconds(values.RetryTimeout),
            MaxDownloadTime = Seconds(values.MaxDownloadTime),
            MaxBandwidth = values.MaxBandwidth,
            CustomHeaders = values.CustomHeaders ?? [],
            TransferPolicy = values.TransferPolicy ?? TransferCostPolicy.Always,
            Credentials = Credentials(values) ?? [],
            Proxy = Proxy(values),
            Notification = Notification(values.NotifyCmdLine),
        };
    }

    /// <summary>
    /// The request with Start-Transfer's upload parameters: -ReplyFileName goes with (and is required by) -TransferType
    /// UploadReply, and -UploadMethod with upload transfers; Put has no reply, so not with UploadReply.
    /// </summary>
    /// <exception cref="TransferException">Parameters that do not go together (InvalidArgument).</exception>
    public static TransferRequest WithUpload(TransferRequest request, string? replyFile, UploadMethod? method)
    {
        ArgumentNullException.ThrowIfNull(request);
        var type = request.TransferType;
        if (replyFile is not null && type != TransferType.UploadReply)
        {
            throw Invalid($"-ReplyFileName goes with -TransferType UploadReply, not {type}.");
        }

        if (type == TransferType.UploadReply && replyFile is null)
        {
            throw Invalid("-TransferType UploadReply needs -ReplyFileName: the file the server's reply is written to.");
        }

        if (method is not null && type == TransferType.Download)
        {
            throw Invalid("-UploadMethod goes with -TransferType Upload or UploadReply.");
        }

        if (method == UploadMethod.Put && type == TransferType.UploadReply)
        {
            throw Invalid("-UploadMethod Put has no reply to fetch; UploadReply needs -UploadMethod Bits.");
        }

        return request with { ReplyFile = replyFile, UploadMethod = method ?? UploadMethod.Bits };
    }

    /// <summary>The change Set-Transfer asks for; <see langword="null"/> properties stay as they are.</summary>
    /// <exception cref="TransferException">Nothing to change, or parameters that do not go together (InvalidArgument).</exception>
    public static TransferSettings ToSettings(JobOptionValues values, bool clearCredentials)
    {
        ArgumentNullException.ThrowIfNull(values);
        var credentials = Credentials(values);
        if (clearCredentials && credentials is not null)
        {
            throw Invalid("-ClearCredential cannot be combined with -Credential or -ProxyCredential.");
        }

        var settings = new TransferSettings
        {
            DisplayName = values.DisplayName,
            Description = values.Description,
            Priority = values.Priority,
            RetryInterval = Seconds(values.RetryInterval),
            RetryTimeout = Seconds(values.RetryTimeout),
            MaxDownloadTime = Seconds(values.MaxDownloadTime),
            MaxBandwidth = values.MaxBandwidth,
            CustomHeaders = values.CustomHeaders,
            TransferPolicy = values.TransferPolicy,
            Credentials = clearCredentials ? [] : credentials,
            Proxy = Proxy(values),
            Notification = values.NotifyCmdLine is { Count: 0 } ? new TransferNotification { Program = "" } : Notification(values.NotifyCmdLine),

            // Whether it fits the transfer (an upload; Put not for UploadReply) only the host knows: it refuses per transfer.
            UploadMethod = values.UploadMethod,
        };
        if (settings == new TransferSettings())
        {
            throw Invalid("Nothing to change: give at least one setting, such as -Priority or -DisplayName.");
        }

        return settings;
    }

    private static TimeSpan? Seconds(int? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;

    private static List<TransferCredential>? Credentials(JobOptionValues values)
    {
        if (values.Authentication is not null && values.Credential is null)
        {
            throw Invalid("-Authentication needs -Credential.");
        }

        if (values.ProxyAuthentication is not null && values.ProxyCredential is null)
        {
            throw Invalid("-ProxyAuthentication needs -ProxyCredential.");
        }

        var list = new List<TransferCredential>();
        if (values.Credential is { } server)
        {
            list.Add(CredentialValue.From(server, TransferCredentialTarget.Server, values.Authentication ?? DefaultAuthentication));
        }

        if (values.ProxyCredential is { } proxy)
        {
            list.Add(CredentialValue.From(proxy, TransferCredentialTarget.Proxy, values.ProxyAuthentication ?? DefaultAuthentication));
        }

        return list.Count == 0 ? null : list;
    }

    private static TransferProxy? Proxy(JobOptionValues values)
    {
        var listed = values.ProxyList is { Count: > 0 } || values.ProxyBypass is { Count: > 0 };
        if (values.ProxyUsage is null)
        {
            return listed
                ? throw Invalid("-ProxyList and -ProxyBypass need -ProxyUsage Override.")
                : null;
        }

        if (values.ProxyUsage != TransferProxyUsage.Override && listed)
        {
            throw Invalid($"-ProxyList and -ProxyBypass go only with -ProxyUsage Override, not {values.ProxyUsage}.");
        }

        if (values.ProxyUsage == TransferProxyUsage.Override && values.ProxyList is not { Count: > 0 })
        {
            throw Invalid("-ProxyUsage Override needs -ProxyList (host:port, ...).");
        }

        return new TransferProxy { Usage = values.ProxyUsage.Value, List = values.ProxyList ?? [], Bypass = values.ProxyBypass ?? [] };
    }

    private static TransferNotification? Notification(IReadOnlyList<string>? commandLine) => commandLine is { Count: > 0 }
        ? new TransferNotification { Program = commandLine[0], Arguments = [.. commandLine.Skip(1)] }
        : null;

    private static TransferException Invalid(string message) => new(TransferErrorCode.InvalidArgument, message);
}
