using System.Net.Sockets;
using BitsLite.Client;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Wire;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// A host that predates the policy's job limits ignores them in a set-policy and answers a policy without them. The
/// client must say so, not pretend they were set. The older host is played by a listener on the test's socket that
/// answers as such a host did.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OlderHostPolicyTests : IAsyncLifetime
{
    private readonly HostTestEnvironment _env = new();
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private Task _olderHost = Task.CompletedTask;

    public Task InitializeAsync()
    {
        _listener.Bind(new UnixDomainSocketEndPoint(_env.Paths.Socket));
        _listener.Listen();
        _olderHost = ServeOneClientAsync();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _olderHost.ContinueWith(static _ => { }, TaskScheduler.Default);
        await _env.DisposeAsync();
    }

    [Theory]
    [InlineData(1000, null)]
    [InlineData(null, 2000)]
    public async Task ALimitAnOlderHostIgnored_IsReportedAsProtocolMismatch(int? files, int? jobs)
    {
        await using var client = await BitsLiteClient.ConnectAsync(_env.Options(autoStart: false));

        var ex = await Assert.ThrowsAsync<TransferException>(() => client.SetPolicyAsync(new HostPolicyChange { MaxFilesPerJob = files, MaxJobsPerUser = jobs }));

        Assert.Equal(TransferErrorCode.ProtocolMismatch, ex.Code);
        Assert.Contains("older than the files-per-job and jobs-per-user limits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangeWithoutLimits_IsFineWithAnOlderHost()
    {
        await using var client = await BitsLiteClient.ConnectAsync(_env.Options(autoStart: false));

        var policy = await client.SetPolicyAsync(new HostPolicyChange { MaxActiveJobs = 4 });

        Assert.Equal(4, policy.MaxActiveJobs);
    }

    /// <summary>Welcomes one client and answers its set-policy with a policy that has no job limits, as older hosts did.</summary>
    private async Task ServeOneClientAsync()
    {
        using var connection = await _listener.AcceptAsync();
        await using var stream = new NetworkStream(connection, ownsSocket: false);
        Assert.IsType<Hello>(await FrameCodec.ReadAsync(stream));
        await FrameCodec.WriteAsync(stream, new Welcome(ProtocolVersion.Current, "bitslite-host/older"));
        var request = Assert.IsType<SetPolicy>(await FrameCodec.ReadAsync(stream));
        await FrameCodec.WriteAsync(stream, new PolicyReply(request.Id, new HostPolicy { MaxActiveJobs = request.Change.MaxActiveJobs ?? 4 }));
        await FrameCodec.ReadAsync(stream);
    }
}
