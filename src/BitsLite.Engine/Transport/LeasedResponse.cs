namespace BitsLite.Engine.Transport;

/// <summary>An HTTP response and the lease of the client that received it; disposing it releases both.</summary>
internal sealed class LeasedResponse : IDisposable
{
    private readonly ClientLease _lease;

    public LeasedResponse(HttpResponseMessage response, ClientLease lease)
    {
        Response = response;
        _lease = lease;
    }

    public HttpResponseMessage Response { get; }

    public void Dispose()
    {
        Response.Dispose();
        _lease.Dispose();
    }
}
