using System.Text.Json;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;

namespace BitsLite.Cli.Tests.Commands;

/// <summary><c>transfer</c> and <c>create</c> against a fake host: what is sent, what is printed, how each ending exits.</summary>
public sealed class TransferFlowTests : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();
    private FakeHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new FakeHost(_directory.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Dispose();
    }

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(_directory.Path, args);

    [Fact]
    public async Task A_transfer_creates_waits_completes_and_says_where_the_files_are()
    {
        _host.Script = job => [job with { State = TransferState.Transferring, BytesTotal = 1000, BytesTransferred = 500 }, FakeHost.Finished(job)];
        var target = _directory.CreateDirectory("out");

        var result = await RunAsync("transfer", "https://example.com/a.iso", "https://example.com/b%20c.iso", "out",
            "--name", "isos", "--max-bandwidth", "2M", "--retry-interval", "1m", "-H", "X-Token: t");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var create = Assert.Single(_host.RequestsOf<CreateTransfer>()).Transfer;
        Assert.Equal("isos", create.DisplayName);
        Assert.Equal(TransferPriority.Foreground, create.Priority);
        Assert.Equal(2 * 1024 * 1024, create.MaxBandwidth);
        Assert.Equal(TimeSpan.FromMinutes(1), create.RetryInterval);
        Assert.Equal(["X-Token: t"], create.CustomHeaders);
        Assert.False(create.Suspended);
        Assert.Equal([new TransferFileSpec("https://example.com/a.iso", Path.Combine(target, "a.iso")), new TransferFileSpec("https://example.com/b%20c.iso", Path.Combine(target, "b c.iso"))], create.Files);
        Assert.Single(_host.RequestsOf<ChangeState>(), c => c.Change == StateChange.Complete);

        Assert.Contains("Completed 'isos'", result.Output, StringComparison.Ordinal);
        Assert.Contains("  " + Path.Combine(target, "a.iso"), result.Output, StringComparison.Ordinal);
        Assert.Contains("  " + Path.Combine(target, "b c.iso"), result.Output, StringComparison.Ordinal);
        Assert.Contains("Created job 'isos'", result.Error, StringComparison.Ordinal);
        Assert.Contains("isos: Transferred", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_json_the_finished_job_is_the_only_output()
    {
        _host.Script = job => [FakeHost.Finished(job)];
        var result = await RunAsync("transfer", "https://example.com/a.iso", "a.iso", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var job = JsonSerializer.Deserialize(result.Output, CliJsonContext.Default.TransferInfo)!;
        Assert.Equal(TransferState.Acknowledged, job.State);
        Assert.Equal(_directory.File("a.iso"), job.Files[0].Destination);
    }

    [Fact]
    public async Task A_failed_transfer_shows_the_error_keeps_the_job_and_exits_1()
    {
        _host.Script = job => [job with
        {
            State = TransferState.Error,
            Error = new TransferError { Context = TransferErrorContext.RemoteFile, Description = "The server answered 404 Not Found.", HttpStatus = 404, Source = "https://example.com/a.iso" },
        }];

        var result = await RunAsync("transfer", "https://example.com/a.iso", "a.iso");

        Assert.Equal(ExitCodes.TransferFailed, result.ExitCode);
        Assert.Contains("bitslite: the job 'a.iso' failed: The server answered 404 Not Found (HTTP 404, source https://example.com/a.iso, RemoteFile).", result.Error, StringComparison.Ordinal);
        var id = Assert.Single(_host.Jobs).Id;
        Assert.Contains($"bitslite resume {id}", result.Error, StringComparison.Ordinal);
        Assert.Contains($"bitslite cancel {id}", result.Error, StringComparison.Ordinal);
        Assert.Empty(_host.RequestsOf<ChangeState>());
    }

    [Fact]
    public async Task Ctrl_c_leaves_the_job_running_and_says_how_to_find_it()
    {
        using var interrupt = new CancellationTokenSource();
        _ = _host.Subscribed.Task.ContinueWith(_ => interrupt.Cancel(), TaskScheduler.Default);

        var result = await CliRunner.RunAsync(_directory.Path, ["transfer", "https://example.com/a.iso", "a.iso"], cancellationToken: interrupt.Token);

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        var id = Assert.Single(_host.Jobs).Id;
        Assert.Contains("keeps running in the background", result.Error, StringComparison.Ordinal);
        Assert.Contains($"bitslite info {id}", result.Error, StringComparison.Ordinal);
        Assert.Contains($"bitslite complete {id}", result.Error, StringComparison.Ordinal);
        Assert.Empty(_host.RequestsOf<ChangeState>());
    }

    [Fact]
    public async Task A_job_suspended_elsewhere_ends_the_transfer_with_exit_code_1()
    {
        _host.Script = job => [job with { State = TransferState.Suspended }];
        var result = await RunAsync("transfer", "https://example.com/a.iso", "a.iso");
        Assert.Equal(ExitCodes.TransferFailed, result.ExitCode);
        Assert.Contains("was suspended", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_create_maps_the_hosts_code()
    {
        _host.Refuse = request => request is CreateTransfer
            ? new ErrorReply(0, BitsLite.Protocol.Errors.TransferErrorCode.DestinationConflict, "The destination is already used by a live job.")
            : null;
        var result = await RunAsync("transfer", "https://example.com/a.iso", "a.iso");
        Assert.Equal(ExitCodes.HostError, result.ExitCode);
        Assert.Equal("bitslite: The destination is already used by a live job." + Environment.NewLine, result.Error);
    }

    [Fact]
    public async Task Create_returns_at_once_with_normal_priority()
    {
        var result = await RunAsync("create", "https://example.com/a.iso", "a.iso", "--description", "d");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var request = Assert.Single(_host.RequestsOf<CreateTransfer>()).Transfer;
        Assert.Equal(TransferPriority.Normal, request.Priority);
        Assert.Equal("d", request.Description);
        Assert.Empty(_host.RequestsOf<Subscribe>());
        Assert.StartsWith("Created 'a.iso' (", result.Output, StringComparison.Ordinal);
        Assert.Contains("Next: 'bitslite wait", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_suspended_may_have_no_files_and_prints_json()
    {
        var result = await RunAsync("create", "--suspended", "--name", "later", "--json");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var request = Assert.Single(_host.RequestsOf<CreateTransfer>()).Transfer;
        Assert.True(request.Suspended);
        Assert.Empty(request.Files);
        var job = JsonSerializer.Deserialize(result.Output, CliJsonContext.Default.TransferInfo)!;
        Assert.Equal("later", job.DisplayName);
        Assert.Equal(TransferState.Suspended, job.State);
    }

    [Fact]
    public async Task Add_resolves_the_job_by_name_and_sends_the_files()
    {
        var job = _host.Add(FakeHost.Job("later", TransferState.Suspended));
        var local = _directory.CreateFile("data.bin");
        var target = _directory.CreateDirectory("out");

        var result = await RunAsync("add", "later", "data.bin", "https://example.com/x.zip", "out");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var add = Assert.Single(_host.RequestsOf<AddFiles>());
        Assert.Equal(job.Id, add.TransferId);
        Assert.Equal([new TransferFileSpec(local, Path.Combine(target, "data.bin")), new TransferFileSpec("https://example.com/x.zip", Path.Combine(target, "x.zip"))], add.Files);
        Assert.Contains("3 files", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lost_host_is_exit_code_5_and_says_the_job_carries_on()
    {
        _host.CloseAfterSubscribe = true;
        var result = await RunAsync("transfer", "https://example.com/a.iso", "a.iso");
        Assert.Equal(ExitCodes.HostUnavailable, result.ExitCode);
        var id = Assert.Single(_host.Jobs).Id;
        Assert.Contains("bitslite: Lost the connection to the host", result.Error, StringComparison.Ordinal);
        Assert.Contains($"carries on when a host runs again: 'bitslite info {id}'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lost_host_during_wait_is_exit_code_5()
    {
        var job = _host.Add(FakeHost.Job("isos", TransferState.Transferring));
        _host.CloseAfterSubscribe = true;
        var result = await RunAsync("wait", job.Id.ToString(), "--progress");
        Assert.Equal(ExitCodes.HostUnavailable, result.ExitCode);
        Assert.Contains("bitslite: Lost the connection to the host", result.Error, StringComparison.Ordinal);
    }
}
