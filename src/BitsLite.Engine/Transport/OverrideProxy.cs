using System.Net;
using BitsLite.Protocol.Options;

namespace BitsLite.Engine.Transport;

/// <summary>
/// A job's own proxy list (proxy usage Override). Requests go to the current proxy, the first one at the start;
/// when a proxy cannot be reached (connection refused or timed out, name not resolved), <see cref="FailOver"/> moves
/// to the next one in the list (after the last, back to the first), and the <see cref="HttpSource"/> tries the request
/// again at once through it, each proxy at most once per attempt. The proxy that worked stays current for later requests.
/// </summary>
internal sealed class OverrideProxy : IWebProxy
{
    private readonly Uri[] _proxies;
    private readonly string[] _bypass;
    private int _current;

    public OverrideProxy(IReadOnlyList<string> proxies, IReadOnlyList<string> bypass)
    {
        _proxies = [.. proxies.Select(TransferOptionRules.ParseProxy)];
        if (_proxies.Length == 0)
        {
            throw new ArgumentException("An override proxy needs at least one proxy.", nameof(proxies));
        }

        _bypass = [.. bypass.Select(NormalizePattern).Where(p => p.Length > 0)];
    }

    /// <summary>The proxies' credentials (a job's Proxy credentials), for 407 challenges.</summary>
    public ICredentials? Credentials { get; set; }

    public IReadOnlyList<Uri> Proxies => _proxies;

    /// <summary>The proxy requests go to now.</summary>
    public Uri Current => _proxies[Volatile.Read(ref _current)];

    public Uri? GetProxy(Uri destination) => Current;

    public bool IsBypassed(Uri host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.IdnHost.Trim('[', ']');
        var isName = host.HostNameType is UriHostNameType.Dns or UriHostNameType.Basic;
        foreach (var pattern in _bypass)
        {
            if (pattern == "<local>" ? isName && !name.Contains('.', StringComparison.Ordinal) : Matches(pattern, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Moves past <paramref name="failed"/> unless another request already did.</summary>
    public void FailOver(Uri failed)
    {
        var index = Array.IndexOf(_proxies, failed);
        if (index >= 0)
        {
            Interlocked.CompareExchange(ref _current, (index + 1) % _proxies.Length, index);
        }
    }

    /// <summary>
    /// Bypass entries as BITS takes them: a host name or address, "*" wildcards ("*.example.com", "10.0.*"),
    /// a leading "." for every subdomain (".example.com" = "*.example.com"), "&lt;local&gt;". A scheme and a port are ignored.
    /// </summary>
    private static string NormalizePattern(string entry)
    {
        var pattern = entry.Trim();
        if (string.Equals(pattern, "<local>", StringComparison.OrdinalIgnoreCase))
        {
            return "<local>";
        }

        var scheme = pattern.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            pattern = pattern[(scheme + 3)..];
        }

        pattern = pattern.TrimEnd('/');
        if (pattern.StartsWith('['))
        {
            // [IPv6]:port
            var close = pattern.IndexOf(']', StringComparison.Ordinal);
            pattern = close > 0 ? pattern[1..close] : pattern;
        }
        else if (pattern.Count(c => c == ':') == 1)
        {
            pattern = pattern[..pattern.IndexOf(':', StringComparison.Ordinal)];
        }

        if (pattern.StartsWith('.'))
        {
            pattern = "*" + pattern;
        }

        return pattern.ToLowerInvariant();
    }

    /// <summary>Case-insensitive match where '*' stands for any run of characters.</summary>
    private static bool Matches(string pattern, string host)
    {
        int p = 0, h = 0, star = -1, resume = 0;
        while (h < host.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                (star, resume) = (p++, h);
            }
            else if (p < pattern.Length && char.ToLowerInvariant(host[h]) == pattern[p])
            {
                (p, h) = (p + 1, h + 1);
            }
            else if (star >= 0)
            {
                (p, h) = (star + 1, ++resume);
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

/// <summary>The system's proxy (proxy usage SystemDefault or AutoDetect) with the job's Proxy credentials.</summary>
internal sealed class SystemProxyWithCredentials(IWebProxy system, ICredentials credentials) : IWebProxy
{
    public ICredentials? Credentials
    {
        get => credentials;
        set => throw new NotSupportedException("The job's proxy credentials are fixed when its handler is made.");
    }

    public Uri? GetProxy(Uri destination) => system.GetProxy(destination);

    public bool IsBypassed(Uri host) => system.IsBypassed(host);
}
