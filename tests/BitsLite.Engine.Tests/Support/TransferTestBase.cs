using BitsLite.Engine.Tests.Infrastructure;

namespace BitsLite.Engine.Tests.Support;

/// <summary>A fault-injection server and a real engine for each test; override <see cref="Configure"/> to tune the engine.</summary>
public abstract class TransferTestBase : IAsyncLifetime
{
    protected FaultServer Server { get; private set; } = null!;

    protected EngineHarness Harness { get; private set; } = null!;

    protected TransferEngine Engine => Harness.Engine;

    protected virtual TransferEngineOptions Configure(TransferEngineOptions options) => options;

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
