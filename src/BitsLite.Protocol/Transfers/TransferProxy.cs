namespace BitsLite.Protocol.Transfers;

/// <summary>A job's proxy settings.</summary>
public sealed record TransferProxy
{
    /// <summary>Default <see cref="TransferProxyUsage.SystemDefault"/>.</summary>
    public TransferProxyUsage Usage { get; set; } = TransferProxyUsage.SystemDefault;

    /// <summary>
    /// With <see cref="TransferProxyUsage.Override"/> only, and then required: proxies as "host:port" or
    /// "http://host:port", tried in order when one cannot be reached.
    /// </summary>
    public IReadOnlyList<string> List { get; set => field = value ?? []; } = [];

    /// <summary>
    /// With <see cref="TransferProxyUsage.Override"/> only: hosts reached directly. A leading "*." or "." matches
    /// subdomains, and "&lt;local&gt;" matches names without a dot (as in BITS).
    /// </summary>
    public IReadOnlyList<string> Bypass { get; set => field = value ?? []; } = [];

    /// <summary>Equal when the usage and both lists are, entry by entry.</summary>
    public bool Equals(TransferProxy? other) =>
        other is not null && Usage == other.Usage && List.SequenceEqual(other.List) && Bypass.SequenceEqual(other.Bypass);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Usage, List.Count, Bypass.Count);
}
