using System.Collections.Concurrent;
using BitsLite.Engine.Tests.Network;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Notifications;

/// <summary>
/// Notification programs for real: a shell script that records its arguments, environment and working directory in
/// the file named by its first argument (written whole, then renamed), after appending one line per run to runs.log.
/// </summary>
public class NotificationTests : TransferTestBase
{
    private readonly ConcurrentQueue<(EngineLogLevel Level, string Message)> _log = new();
    private readonly TaskCompletionSource<string> _warned = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override TransferEngineOptions Configure(TransferEngineOptions options) => options with
    {
        Log = (level, message) =>
        {
            _log.Enqueue((level, message));
            if (level == EngineLogLevel.Warning)
            {
                _warned.TrySetResult(message);
            }
        },
    };

    private string RunsLog => Scripts("runs.log");

    /// <summary>A path in a folder beside the downloads, removed with the harness.</summary>
    private string Scripts(string name) => Path.Combine(Directory.CreateDirectory(Harness.Out("scripts")).FullName, name);

    private string? _recorder;

    /// <summary>Written once per test: rewriting a script that may still run would change it under the shell reading it.</summary>
    private string Recorder() => _recorder ??= NetworkManagerCostProviderTests.Script(Scripts("notify.sh"), $$"""
        echo "$BITSLITE_JOB_ID $BITSLITE_JOB_STATE" >> '{{RunsLog}}'
        out="$1"
        {
          for a in "$@"; do printf 'arg=%s\n' "$a"; done
          printf 'id=%s\n' "$BITSLITE_JOB_ID"
          printf 'state=%s\n' "$BITSLITE_JOB_STATE"
          printf 'name=%s\n' "$BITSLITE_JOB_NAME"
          printf 'cwd=%s\n' "$(pwd -P)"
        } > "$out.tmp"
        mv "$out.tmp" "$out"
        """);

    private static async Task<string[]> WaitForFileAsync(string path)
    {
        using var timeout = new CancellationTokenSource(EngineHarness.WaitTimeout);
        while (!File.Exists(path))
        {
            // Polls a file the child writes: the engine has no event for a program's end, by design (fire and forget).
            await Task.Delay(20, CancellationToken.None);
            Assert.False(timeout.IsCancellationRequested, $"the notification program did not write '{path}' within {EngineHarness.WaitTimeout.TotalSeconds} s");
        }

        return await File.ReadAllLinesAsync(path);
    }

    private TransferRequest Notifying(string output, TransferNotifyEvents on, params string[] more) => new()
    {
        Options = new()
        {
            DisplayName = "isos for $USER",
            Notification = new TransferNotification { Program = Recorder(), Arguments = [output, .. more], On = on },
        },
    };

    [Fact]
    public async Task OnTransferred_TheProgramRuns_WithItsArgumentsUnexpanded_TheJobInItsEnvironment_InTheDestinationDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // The program is a shell script.
        }

        Server.Serve("/done.bin", EngineHarness.RandomBytes(1000));
        var output = Scripts("done.txt");

        var job = await Harness.DownloadAsync(Server.Url("/done.bin"), Harness.Out("done.bin"),
            Notifying(output, TransferNotifyEvents.Transferred, "two words", "$HOME", "*", "; rm -rf ~"));
        await Harness.WaitTransferredAsync(job.Id);
        var lines = await WaitForFileAsync(output);

        Assert.Equal(
            [
                $"arg={output}", "arg=two words", "arg=$HOME", "arg=*", "arg=; rm -rf ~",
                $"id={job.Id}", "state=Transferred", "name=isos for $USER", $"cwd={Path.GetFullPath(Harness.Directory.Path)}",
            ],
            lines);
        Assert.Contains(_log, e => e.Level == EngineLogLevel.Info && e.Message.Contains("started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnError_TheProgramRuns_WhenAskedFor()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Server.Serve("/gone.bin", [1, 2, 3], new FaultPlan { FailStatus = 404 });
        var output = Scripts("error.txt");

        var job = await Harness.DownloadAsync(Server.Url("/gone.bin"), Harness.Out("gone.bin"), Notifying(output, TransferNotifyEvents.Error));
        await Harness.WaitForAsync(job.Id, TransferState.Error);
        var lines = await WaitForFileAsync(output);

        Assert.Contains("state=Error", lines);
        Assert.Contains($"id={job.Id}", lines);
    }

    [Fact]
    public async Task AJobInError_DoesNotRunAProgramThatAskedOnlyForTransferred()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Server.Serve("/gone.bin", [1, 2, 3], new FaultPlan { FailStatus = 404 });
        Server.Serve("/marker.bin", [4, 5, 6]);
        var failed = await Harness.DownloadAsync(Server.Url("/gone.bin"), Harness.Out("gone.bin"), Notifying(Scripts("error.txt"), TransferNotifyEvents.Transferred));
        await Harness.WaitForAsync(failed.Id, TransferState.Error);

        // A later job's run proves the launcher had its chance to run the first one, had it been due.
        var marker = await Harness.DownloadAsync(Server.Url("/marker.bin"), Harness.Out("marker.bin"), Notifying(Scripts("marker.txt"), TransferNotifyEvents.Transferred | TransferNotifyEvents.Error));
        await Harness.WaitTransferredAsync(marker.Id);
        await WaitForFileAsync(Scripts("marker.txt"));

        Assert.False(File.Exists(Scripts("error.txt")));
        Assert.Equal([$"{marker.Id} Transferred"], await File.ReadAllLinesAsync(RunsLog));
    }

    [Fact]
    public async Task ATransferredJob_DoesNotRunItsProgramAgain_WhenTheEngineRestarts()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Server.Serve("/once.bin", EngineHarness.RandomBytes(1000));
        Server.Serve("/marker.bin", [4, 5, 6]);
        var once = await Harness.DownloadAsync(Server.Url("/once.bin"), Harness.Out("once.bin"), Notifying(Scripts("once.txt"), TransferNotifyEvents.Transferred));
        await Harness.WaitTransferredAsync(once.Id);
        await WaitForFileAsync(Scripts("once.txt"));

        await Harness.CloseAsync();
        await Harness.OpenAsync();
        Assert.Equal(TransferState.Transferred, Engine.Get(once.Id).State);
        var marker = await Harness.DownloadAsync(Server.Url("/marker.bin"), Harness.Out("marker.bin"), Notifying(Scripts("marker.txt"), TransferNotifyEvents.Transferred));
        await Harness.WaitTransferredAsync(marker.Id);
        await WaitForFileAsync(Scripts("marker.txt"));

        Assert.Equal([$"{once.Id} Transferred", $"{marker.Id} Transferred"], await File.ReadAllLinesAsync(RunsLog));
    }

    [Fact]
    public async Task AProgramThatCannotStart_IsReported_AndTheJobStillTransfers()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Server.Serve("/orphan.bin", EngineHarness.RandomBytes(1000));
        var request = Notifying(Scripts("never.txt"), TransferNotifyEvents.Transferred);
        var job = await Engine.CreateAsync(request with { Suspended = true, Files = [new(Server.Url("/orphan.bin").AbsoluteUri, Harness.Out("orphan.bin"))] });
        File.Delete(request.Options.Notification!.Program);

        await Engine.ResumeAsync(job.Id);
        var done = await Harness.WaitTransferredAsync(job.Id);
        var warning = await _warned.Task.WaitAsync(EngineHarness.WaitTimeout);

        Assert.Contains(job.Id.ToString(), warning, StringComparison.Ordinal);
        Assert.Contains("could not start", warning, StringComparison.Ordinal);
        Assert.Null(done.Error);
        await Engine.CompleteAsync(job.Id);
        Assert.True(File.Exists(Harness.Out("orphan.bin")));
    }

    [Fact]
    public async Task AProgramThatWritesMuchOutput_AndReadsItsInput_IsNeitherBlockedNorKeptWaiting()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var output = Scripts("chatty.txt");
        var program = NetworkManagerCostProviderTests.Script(Scripts("chatty.sh"), """
            head -c 1048576 /dev/zero
            head -c 1048576 /dev/zero >&2
            cat > /dev/null
            echo done > "$1"
            """);
        Server.Serve("/chatty.bin", EngineHarness.RandomBytes(1000));

        var job = await Harness.DownloadAsync(Server.Url("/chatty.bin"), Harness.Out("chatty.bin"), new TransferRequest
        {
            Options = new() { Notification = new TransferNotification { Program = program, Arguments = [output] } },
        });
        await Harness.WaitTransferredAsync(job.Id);

        Assert.Equal(["done"], await WaitForFileAsync(output));
    }
}
