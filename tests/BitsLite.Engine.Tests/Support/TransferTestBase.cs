using BitsLite.Testing.FaultServing;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Support;

/// <summary>A fault-injection server and a real engine for each test; override <see cref="Configure"/> to tune the engine.</summary>
public abstract class TransferTestBase : IAsyncLifetime
{
    protected FaultServer Server { get; private set; } = null!;

    protected EngineHarness Harness { get; private set; } = null!;

    protected TransferEngine Engine => Harness.Engine;

    protected virtual TransferEngineOptions Configure(TransferEngineOptions options) => options;

    /// <summary>Starts a download the server holds after <paramref name="pauseAt"/> bytes, and waits until the engine has them all.</summary>
    protected async Task<HeldDownload> StartHeldDownloadAsync(string name, int size, int pauseAt, TransferRequest? request = null)
    {
        var content = EngineHarness.RandomBytes(size);
        var gate = new ResponseGate();
        Server.Serve("/" + name, content, new FaultPlan { PauseAfterBytes = pauseAt, Gate = gate });
        var job = await Harness.DownloadAsync(Server.Url("/" + name), Harness.Out(name), request);
        await gate.Reached.WaitAsync(EngineHarness.WaitTimeout);
        await Harness.WaitUntilAsync(job.Id, t => t.BytesTransferred == pauseAt, "bytes at the gate");
        return new HeldDownload(job, gate, content);
    }

    public async Task InitializeAsync()
    {
        Server = await FaultServer.StartAsync();
        Harness = await EngineHarness.StartAsync(Configure);
    }

    public async Task DisposeAsync()
    {
        await Harness.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>A download held mid-body by the server.</summary>
public sealed record HeldDownload(TransferInfo Job, ResponseGate Gate, byte[] Content);
