using System.Net;

namespace BitsLite.Engine.Transport;

/// <summary>An HTTP client and the proxy its handler uses (<see langword="null"/>: it connects directly).</summary>
internal sealed class RoutedClient(HttpClient client, IWebProxy? proxy)
{
    public HttpClient Client { get; } = client;

    public IWebProxy? Proxy { get; } = proxy;

    /// <summary>The proxy a request for <paramref name="url"/> goes through, or <see langword="null"/> when it goes directly.</summary>
    public Uri? ProxyFor(Uri url)
    {
        try
        {
            return Proxy is null || Proxy.IsBypassed(url) ? null : Proxy.GetProxy(url);
        }
#pragma warning disable CA1031 // Only used to name the proxy in messages and to fail over; the request itself meets the same failure.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}

/// <summary>
/// The HTTP clients made for jobs with credentials or their own proxy settings, one per settings fingerprint (and
/// origin, for server credentials), reused across requests. At most <see cref="Capacity"/> are kept (a new one pushes
/// out the least recently used, preferring one not in use); one unused for <see cref="IdleTimeout"/> or pushed out is
/// disposed as soon as no request uses it any more.
/// </summary>
internal sealed class HttpClientCache : IDisposable
{
    public const int Capacity = 32;
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private bool _disposed;

    public HttpClientCache(TimeProvider time) => _time = time;

    /// <summary>Clients kept now (leased or idle).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The client for <paramref name="key"/>, made by <paramref name="create"/> if there is none; dispose the lease when done with the response.</summary>
    public ClientLease Acquire(string key, Func<RoutedClient> create)
    {
        var doomed = new List<Entry>();
        ClientLease lease;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetTimestamp();
            SweepLocked(now, doomed);
            if (!_entries.TryGetValue(key, out var entry))
            {
                while (_entries.Count >= Capacity)
                {
                    // The least recently used idle client; only when every one is in use, the least recently used.
                    var oldest = _entries.Values.Where(e => e.Leases == 0).MinBy(e => e.LastUsed) ?? _entries.Values.MinBy(e => e.LastUsed)!;
                    RemoveLocked(oldest, doomed);
                }

                entry = new Entry(key, create());
                _entries.Add(key, entry);
            }

            entry.Leases++;
            entry.LastUsed = now;
            lease = new ClientLease(entry.Client, this, entry);
        }

        DisposeAll(doomed);
        return lease;
    }

    /// <summary>Disposes the clients unused for <see cref="IdleTimeout"/>.</summary>
    public void Sweep()
    {
        var doomed = new List<Entry>();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            SweepLocked(_time.GetTimestamp(), doomed);
        }

        DisposeAll(doomed);
    }

    public void Dispose()
    {
        var doomed = new List<Entry>();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var entry in _entries.Values.ToList())
            {
                RemoveLocked(entry, doomed);
            }
        }

        DisposeAll(doomed);
    }

    internal void Release(Entry entry)
    {
        bool dispose;
        lock (_lock)
        {
            entry.Leases--;
            entry.LastUsed = _time.GetTimestamp();
            dispose = entry.Removed && entry.Leases == 0;
        }

        if (dispose)
        {
            entry.Client.Client.Dispose();
        }
    }

    private void SweepLocked(long now, List<Entry> doomed)
    {
        foreach (var entry in _entries.Values.ToList())
        {
            if (entry.Leases == 0 && _time.GetElapsedTime(entry.LastUsed, now) >= IdleTimeout)
            {
                RemoveLocked(entry, doomed);
            }
        }
    }

    /// <summary>Takes the entry out; it is disposed now if unused, else by the release of its last lease.</summary>
    private void RemoveLocked(Entry entry, List<Entry> doomed)
    {
        _entries.Remove(entry.Key);
        entry.Removed = true;
        if (entry.Leases == 0)
        {
            doomed.Add(entry);
        }
    }

    private static void DisposeAll(List<Entry> doomed)
    {
        foreach (var entry in doomed)
        {
            entry.Client.Client.Dispose();
        }
    }

    internal sealed class Entry(string key, RoutedClient client)
    {
        public string Key { get; } = key;

        public RoutedClient Client { get; } = client;

        public int Leases { get; set; }

        public long LastUsed { get; set; }

        public bool Removed { get; set; }
    }
}

/// <summary>The use of a client for one request and its response; disposing it lets the cache dispose the client when due.</summary>
internal sealed class ClientLease : IDisposable
{
    private readonly HttpClientCache? _cache;
    private readonly HttpClientCache.Entry? _entry;
    private int _released;

    /// <param name="client">The client to use.</param>
    /// <param name="cache">The cache the client belongs to; <see langword="null"/> for the shared client, which the lease never disposes.</param>
    /// <param name="entry">The client's entry in <paramref name="cache"/>.</param>
    public ClientLease(RoutedClient client, HttpClientCache? cache = null, HttpClientCache.Entry? entry = null)
    {
        Routed = client;
        _cache = cache;
        _entry = entry;
    }

    public RoutedClient Routed { get; }

    public void Dispose()
    {
        if (_cache is not null && _entry is not null && Interlocked.Exchange(ref _released, 1) == 0)
        {
            _cache.Release(_entry);
        }
    }
}
