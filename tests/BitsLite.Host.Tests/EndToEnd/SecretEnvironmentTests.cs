using System.Text.Json;
using BitsLite.Client;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// A password given in the environment (BITSLITE_PASSWORD) is for the command that reads it: it must not live on in the
/// host that command starts (in /proc/PID/environ for hours) nor reach the programs the host runs. The real bitslite
/// CLI starts the real host here, and a notification program writes down the environment it got.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretEnvironmentTests : IAsyncLifetime
{
    private const string Secret = "s3cret-";

    private readonly HostTestEnvironment _env = new();
    private FaultServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FaultServer.StartAsync();
        _server.Serve("/file.bin", new byte[10_000]);
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AHostTheCliStarts_KeepsNoSecretOfItsEnvironment_AndItsNotifyProgramsGetNone()
    {
        var dump = _env.Out("notify.env");

        var created = await CliProcess.RunAsync(
            _env,
            ["create", _server.Url("/file.bin").ToString(), _env.Out("file.bin"), "--user", "ann", "--notify", EnvironmentRecorder(), "--notify-arg", dump, "--json"],
            ("BITSLITE_PASSWORD", Secret + "server"), ("BITSLITE_PROXY_PASSWORD", Secret + "proxy"), ("MY_API_TOKEN", Secret + "token"));
        Assert.True(created.ExitCode == 0, created.Errors);
        var id = JsonDocument.Parse(created.Output).RootElement.GetProperty("id").GetGuid();
        await using var client = await BitsLiteClient.ConnectAsync(_env.Options(autoStart: false));
        Assert.Equal(TransferState.Transferred, (await client.WaitAsync(id)).State);
        var pid = (await client.GetHostStatusAsync()).ProcessId;
        var hostEnvironment = (await File.ReadAllTextAsync($"/proc/{pid}/environ")).Split('\0');
        var hostCommandLine = await File.ReadAllTextAsync($"/proc/{pid}/cmdline");
        var notified = await WaitForFileAsync(dump);

        Assert.DoesNotContain(hostEnvironment, v => v.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, hostCommandLine, StringComparison.Ordinal);
        Assert.Contains($"BITSLITE_HOME={_env.Paths.DataRoot}", hostEnvironment);
        Assert.Contains(hostEnvironment, v => v.StartsWith("PATH=", StringComparison.Ordinal));
        Assert.DoesNotContain(notified, v => v.Contains(Secret, StringComparison.Ordinal));
        Assert.Contains($"BITSLITE_JOB_ID={id}", notified);
        Assert.Contains($"BITSLITE_HOME={_env.Paths.DataRoot}", notified);
    }

    [Fact]
    public async Task AHostStartedWithASecretInItsEnvironment_DoesNotPassItToNotifyPrograms()
    {
        // A host started by hand or by a service manager whose environment holds more than it should.
        using var host = HostTestEnvironment.StartHost(_env.Paths.DataRoot, ("BITSLITE_PASSWORD", Secret + "server"), ("MY_API_TOKEN", Secret + "token"));
        var dump = _env.Out("notify.env");
        await using var client = await _env.ConnectToAsync(host);

        var job = await client.CreateAsync(new TransferRequest
        {
            Files = [new(_server.Url("/file.bin").ToString(), _env.Out("file.bin"))],
            Options = new() { Notification = new TransferNotification { Program = EnvironmentRecorder(), Arguments = [dump] } },
        });
        Assert.Equal(TransferState.Transferred, (await client.WaitAsync(job.Id)).State);
        var notified = await WaitForFileAsync(dump);

        Assert.DoesNotContain(notified, v => v.Contains(Secret, StringComparison.Ordinal));
        Assert.Contains($"BITSLITE_JOB_ID={job.Id}", notified);
        Assert.Contains(notified, v => v.StartsWith("PATH=", StringComparison.Ordinal));
    }

    /// <summary>A notification program that writes its whole environment to the file named by its argument (whole, then renamed).</summary>
    private string EnvironmentRecorder()
    {
        var script = _env.Out("record-env.sh");
        File.WriteAllText(script, "#!/bin/sh\nenv > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    private static async Task<string[]> WaitForFileAsync(string path)
    {
        using var timeout = new CancellationTokenSource(HostTestEnvironment.WaitTimeout);
        while (!File.Exists(path))
        {
            // The program's end is no event of the host's (it never waits for it): its file is what there is to wait on.
            await Task.Delay(20, CancellationToken.None);
            Assert.False(timeout.IsCancellationRequested, $"the notification program did not write '{path}'");
        }

        return (await File.ReadAllTextAsync(path)).Split('\n');
    }
}
