using BitsLite.Engine.Tests.Support;
using BitsLite.Engine.Transport;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Transport;

public class HttpClientCacheTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly List<TrackingHandler> _made = [];

    private RoutedClient Make()
    {
        var handler = new TrackingHandler();
        _made.Add(handler);
        return new RoutedClient(new HttpClient(handler), proxy: null);
    }

    [Fact]
    public void Acquire_TheSameKey_ReusesTheClient()
    {
        using var cache = new HttpClientCache(_time);

        using var first = cache.Acquire("a", Make);
        using var second = cache.Acquire("a", Make);

        Assert.Same(first.Routed, second.Routed);
        Assert.Single(_made);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void ANewClient_PushesOutTheLeastRecentlyUsedIdleOne()
    {
        using var cache = new HttpClientCache(_time);
        using var held = cache.Acquire("held", Make);
        cache.Acquire("idle", Make).Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));

        for (var i = 0; i < HttpClientCache.Capacity - 1; i++)
        {
            cache.Acquire("k" + i, Make).Dispose();
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(HttpClientCache.Capacity, cache.Count);
        Assert.True(_made[1].Disposed, "the least recently used idle client was not disposed");
        Assert.False(_made[0].Disposed, "a client in use was disposed");
        Assert.DoesNotContain(_made.Skip(2), h => h.Disposed);
    }

    [Fact]
    public void AClientInUsePushedOut_IsDisposedWhenItsLastLeaseEnds()
    {
        using var cache = new HttpClientCache(_time);
        var leases = new List<ClientLease>();
        for (var i = 0; i < HttpClientCache.Capacity; i++)
        {
            leases.Add(cache.Acquire("k" + i, Make));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        using var newest = cache.Acquire("newest", Make);

        Assert.Equal(HttpClientCache.Capacity, cache.Count);
        Assert.False(_made[0].Disposed, "a client in use was disposed");
        leases[0].Dispose();
        Assert.True(_made[0].Disposed);
        Assert.DoesNotContain(_made.Skip(1), h => h.Disposed);
        leases.ForEach(l => l.Dispose());
    }

    [Fact]
    public void AnIdleClient_IsDisposedAfterTheIdleTimeout_ButNotWhileInUse()
    {
        using var cache = new HttpClientCache(_time);
        cache.Acquire("idle", Make).Dispose();
        using var busy = cache.Acquire("busy", Make);

        _time.Advance(HttpClientCache.IdleTimeout);
        cache.Sweep();

        Assert.True(_made[0].Disposed);
        Assert.False(_made[1].Disposed);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Dispose_DisposesIdleClientsAtOnce_AndClientsInUseWhenReleased()
    {
        var cache = new HttpClientCache(_time);
        cache.Acquire("idle", Make).Dispose();
        var busy = cache.Acquire("busy", Make);

        cache.Dispose();

        Assert.True(_made[0].Disposed);
        Assert.False(_made[1].Disposed);
        busy.Dispose();
        busy.Dispose();
        Assert.True(_made[1].Disposed);
        Assert.Throws<ObjectDisposedException>(() => cache.Acquire("late", Make));
    }

    private sealed class TrackingHandler : HttpMessageHandler
    {
        public bool Disposed { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
