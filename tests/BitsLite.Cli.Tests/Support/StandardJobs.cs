using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Cli.Tests.Support;

/// <summary>
/// Five jobs in the states commands care about, each reached for real, created in this order:
/// 'isos' Transferring (1 KiB of 4 KiB, held by the server), 'docs' Transferred (1000 bytes), 'old' Acknowledged,
/// 'gone' Cancelled, 'broken' Error (the server answers 404). With a <c>suffix</c>, every name ends with it.
/// </summary>
internal sealed record StandardJobs(TransferInfo Isos, ResponseGate IsosGate, TransferInfo Docs, TransferInfo Old, TransferInfo Gone, TransferInfo Broken)
{
    public static readonly TimeSpan IsosRetryInterval = TimeSpan.FromMinutes(5);
    public const long IsosMaxBandwidth = 1024 * 1024;

    public IReadOnlyList<TransferInfo> All => [Isos, Docs, Old, Gone, Broken];

    public static async Task<StandardJobs> CreateAsync(TestSpace space, string suffix = "")
    {
        // Created one after another (listing order is creation order), then waited for together.
        var env = space.Env;
        var gate = new ResponseGate();
        var isos = await space.Client.CreateAsync(new TransferRequest
        {
            Files = [new(space.Serve("isos", 4096, new FaultPlan { PauseAfterBytes = 1024, Gate = gate }), space.Out("isos"))],
            Options = new()
            {
                DisplayName = "isos" + suffix,
                Description = "monthly images",
                RetryInterval = IsosRetryInterval,
                MaxBandwidth = IsosMaxBandwidth,
            },
        });
        var docs = await space.CreateAsync("docs" + suffix, space.Serve("docs", 1000), destination: space.Out("docs"));
        var old = await space.CreateAsync("old" + suffix, space.Serve("old", 10), destination: space.Out("old"));
        var gone = await space.Client.CancelAsync((await space.SuspendedAsync("gone" + suffix, space.Out("gone"))).Id);
        var broken = await space.CreateAsync("broken" + suffix, space.Serve("broken", plan: new FaultPlan { FailStatus = 404 }), destination: space.Out("broken"));

        var transferring = env.WaitForAsync(isos.Id, j => j.State == TransferState.Transferring && j.BytesTransferred == 1024);
        var transferred = env.SettleAsync(docs.Id, TransferState.Transferred);
        var acknowledged = AcknowledgeAsync(space, old.Id);
        var failed = env.SettleAsync(broken.Id, TransferState.Error);
        await gate.Reached.WaitAsync(HostEnvironment.WaitTimeout);
        return new StandardJobs(await transferring, gate, await transferred, await acknowledged, gone, await failed);
    }

    private static async Task<TransferInfo> AcknowledgeAsync(TestSpace space, Guid id)
    {
        await space.Env.SettleAsync(id, TransferState.Transferred);
        return await space.Client.CompleteAsync(id);
    }
}
