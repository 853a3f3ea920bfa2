using System.Diagnostics;
using BitsLite.Engine;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;

namespace BitsLite.HostBench;

/// <summary>
/// Where a full listing's time goes, without a host or a socket: the seeded store opened by an engine in this
/// process, then each stage of the host's list path alone, as the host runs it (pages of
/// <see cref="PageSize"/>): reading the pages from the engine (SQLite and TransferInfo), encoding them as
/// <c>transfer-list</c> frames, and decoding those frames as the client does. Also the managed heap the
/// engine holds for the live jobs, which is most of what the host's memory grows by.
/// </summary>
internal static class ListPipelineBreakdown
{
    /// <summary>The host's page size (RequestHandler.ListPageSize).</summary>
    private const int PageSize = 256;

    public static async Task RunAsync(BenchSettings settings, BenchWorkspace workspace, string store)
    {
        await using var home = workspace.NewHome("pipeline");
        home.UseStore(store);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        await using var engine = await TransferEngine.OpenAsync(new TransferEngineOptions { DatabasePath = home.Paths.Database });
        var open = clock.Elapsed.TotalMilliseconds;
        var heapHeld = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;

        var read = new Samples();
        var encode = new Samples();
        var decode = new Samples();
        long bytes = 0;
        var frames = 0;
        for (var run = 0; run < 3; run++)
        {
            clock.Restart();
            var pages = engine.ListPages(new TransferQuery(), PageSize).ToList();
            read.Add(clock.Elapsed.TotalMilliseconds);

            using var wire = new MemoryStream();
            clock.Restart();
            for (var i = 0; i < pages.Count; i++)
            {
                await FrameCodec.WriteAsync(wire, new TransferListReply(1, pages[i], More: i < pages.Count - 1));
            }

            encode.Add(clock.Elapsed.TotalMilliseconds);
            bytes = wire.Length;
            frames = pages.Count;

            wire.Position = 0;
            var jobs = 0;
            clock.Restart();
            while (await FrameCodec.ReadAsync(wire) is TransferListReply page)
            {
                jobs += page.Transfers.Count;
            }

            decode.Add(clock.Elapsed.TotalMilliseconds);
            if (jobs != settings.Jobs)
            {
                throw new InvalidOperationException($"Decoded {jobs} jobs, expected {settings.Jobs}.");
            }
        }

        Markdown.Header("list path, stage by stage in one process (ms, 3 runs)", "median", "min", "max");
        Markdown.Row("engine open (loads every live job, as the host's start does)", Markdown.Ms(open), "", "");
        Markdown.Row($"read: `ListPages` ({frames:N0} pages of {PageSize}: SQLite + TransferInfo)", Markdown.Ms(read.Median), Markdown.Ms(read.Min), Markdown.Ms(read.Max));
        Markdown.Row($"encode: `transfer-list` frames ({bytes / 1048576.0:0.0} MiB of JSON, {bytes / settings.Jobs:N0} B a job)", Markdown.Ms(encode.Median), Markdown.Ms(encode.Min), Markdown.Ms(encode.Max));
        Markdown.Row("decode: frames → TransferInfo (the client's side)", Markdown.Ms(decode.Median), Markdown.Ms(decode.Min), Markdown.Ms(decode.Max));
        Console.WriteLine();
        Console.WriteLine($"Managed heap held by an open engine with {settings.Jobs:N0} live jobs: {heapHeld / 1048576.0:0.0} MiB ({heapHeld / settings.Jobs:N0} B a job).");
        Console.WriteLine();
    }
}
