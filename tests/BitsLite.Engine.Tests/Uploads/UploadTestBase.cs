using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.UploadServing;

namespace BitsLite.Engine.Tests.Uploads;

/// <summary>The tests' own BITS upload server and a real engine (64 KiB fragments) for each test.</summary>
public abstract class UploadTestBase : IAsyncLifetime
{
    protected const int FragmentSize = 64 * 1024;

    protected BitsTestServer Server { get; private set; } = null!;

    protected EngineHarness Harness { get; private set; } = null!;

    protected TransferEngine Engine => Harness.Engine;

    protected virtual TransferEngineOptions Configure(TransferEngineOptions options) => options with { UploadFragmentSize = FragmentSize };

    /// <summary>A local file of <paramref name="size"/> random bytes in the test's directory.</summary>
    protected (string Path, byte[] Content) LocalFile(string name, int size)
    {
        var content = EngineHarness.RandomBytes(size);
        var path = Harness.Out(name);
        File.WriteAllBytes(path, content);
        return (path, content);
    }

    /// <summary>Creates an upload job of <paramref name="path"/> to <paramref name="remotePath"/> on the server.</summary>
    protected Task<TransferInfo> UploadAsync(string path, string remotePath, TransferRequest? request = null)
    {
        request ??= new TransferRequest();
        return Engine.CreateAsync(request with
        {
            TransferType = request.TransferType == TransferType.Download ? TransferType.Upload : request.TransferType,
            Files = [new TransferFileSpec(path, Server.Url(remotePath).AbsoluteUri)],
        });
    }

    /// <summary>Uploads, waits for Transferred and completes the job.</summary>
    protected async Task<TransferInfo> UploadAndCompleteAsync(string path, string remotePath, TransferRequest? request = null)
    {
        var job = await UploadAsync(path, remotePath, request);
        await Harness.WaitTransferredAsync(job.Id);
        return await Engine.CompleteAsync(job.Id);
    }

    public async Task InitializeAsync()
    {
        Server = await BitsTestServer.StartAsync();
        Harness = await EngineHarness.StartAsync(Configure);
    }

    public async Task DisposeAsync()
    {
        await Harness.DisposeAsync();
        await Server.DisposeAsync();
    }
}
