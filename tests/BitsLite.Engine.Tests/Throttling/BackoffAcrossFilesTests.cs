using System.Collections.Concurrent;
using BitsLite.Engine.Tests.Support;
using BitsLite.Engine.Throttling;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Throttling;

/// <summary>
/// The back-off of a job of many files: each file's response goes on at the rate the previous one reached, instead of
/// ramping again from 64 KiB/s (which made 1,000 small files at Normal priority take minutes).
/// </summary>
public class BackoffAcrossFilesTests : TransferTestBase
{
    private const int Files = 6;
    private const int Size = 1024 * 1024;

    [Fact]
    public async Task EachFilesResponse_StartsAtTheRateThePreviousOneReached()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var started = new ConcurrentQueue<(TransferBackoff Backoff, long StartRate)>();
        Engine.Throttle.BackoffStarted = (_, backoff) => started.Enqueue((backoff, backoff.Controller.Rate));
        var contents = Enumerable.Range(0, Files).Select(_ => EngineHarness.RandomBytes(Size)).ToArray();
        for (var i = 0; i < Files; i++)
        {
            Server.Serve($"/f{i}.bin", contents[i]);
        }

        var job = await Engine.CreateAsync(new TransferRequest
        {
            Options = new() { Priority = TransferPriority.Normal },
            Files = [.. Enumerable.Range(0, Files).Select(i => new TransferFileSpec(Server.Url($"/f{i}.bin").ToString(), Harness.Out($"f{i}.bin")))],
        });
        await Harness.WaitTransferredAsync(job.Id);
        await Engine.CompleteAsync(job.Id);

        for (var i = 0; i < Files; i++)
        {
            Assert.Equal(EngineHarness.Sha256(contents[i]), EngineHarness.Sha256(Harness.Out($"f{i}.bin")));
        }

        var responses = started.ToArray();
        Assert.Equal(Files, responses.Length);
        Assert.Equal(LedbatRateController.DefaultInitialRate, responses[0].StartRate);
        Assert.True(responses.Any(r => r.Backoff.Controller.Rate > LedbatRateController.DefaultInitialRate), "no file's back-off ramped up: the test shows nothing");
        for (var i = 1; i < responses.Length; i++)
        {
            var previous = responses[i - 1].Backoff;
            var expected = previous.IsOn ? previous.Controller.Rate : LedbatRateController.DefaultInitialRate;
            Assert.True(expected == responses[i].StartRate, $"file {i} started at {responses[i].StartRate:N0} B/s, the previous ended at {expected:N0} B/s");
            Assert.Same(previous.Controller.History, responses[i].Backoff.Controller.History);
        }
    }
}
