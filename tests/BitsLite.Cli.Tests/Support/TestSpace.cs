using System.Security.Cryptography;
using BitsLite.Client;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Cli.Tests.Support;

/// <summary>A job held in the middle of its transfer until its gate is released (or aborted).</summary>
internal sealed record HeldJob(TransferInfo Job, ResponseGate Gate);

/// <summary>
/// One test's part of a <see cref="HostEnvironment"/>: its own directory (the commands' current directory, where
/// its files go), its own paths on the server, and a tag to make job names unique when tests share a host.
/// </summary>
internal sealed class TestSpace
{
    private readonly string _serverPrefix;

    public TestSpace(HostEnvironment env, int number)
    {
        Env = env;
        Tag = "-" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Directory = env.Home.CreateDirectory("t" + number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _serverPrefix = $"/t{number}/";
    }

    public HostEnvironment Env { get; }

    public BitsLiteClient Client => Env.Client;

    /// <summary>"-N": appended to job names that must not meet another test's.</summary>
    public string Tag { get; }

    /// <summary>The commands' current directory; files go here.</summary>
    public string Directory { get; }

    /// <summary>A path in <see cref="Directory"/>.</summary>
    public string Out(string name) => Path.Combine(Directory, name);

    public string CreateDirectory(string name) => System.IO.Directory.CreateDirectory(Out(name)).FullName;

    public string CreateFile(string name, string content = "x")
    {
        File.WriteAllText(Out(name), content);
        return Out(name);
    }

    /// <summary>This test's path on the server for <paramref name="name"/> (for <see cref="FaultServer.RequestsFor"/>).</summary>
    public string ServerPath(string name) => _serverPrefix + name;

    /// <summary>The URL of <paramref name="name"/>, served or not.</summary>
    public string Url(string name) => Env.Server.Url(ServerPath(name)).AbsoluteUri;

    /// <summary>Serves <paramref name="size"/> random bytes as <paramref name="name"/> and returns the URL.</summary>
    public string Serve(string name, int size = 1000, FaultPlan? plan = null)
    {
        Env.Server.Serve(ServerPath(name), RandomNumberGenerator.GetBytes(size), plan);
        return Url(name);
    }

    /// <summary>Runs <c>bitslite</c> with <paramref name="args"/> in <see cref="Directory"/> and waits for it to end.</summary>
    public Task<CliResult> RunAsync(params string[] args) => Start(args).Completion;

    /// <summary>Runs <c>bitslite</c> with <paramref name="args"/>, standard input <paramref name="input"/> and only the environment variables <paramref name="environment"/>.</summary>
    public Task<CliResult> RunAsync(Cli.Input.CliInput input, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        CliRunner.RunAsync(Env.Options(), Directory, args, input, environment);

    /// <summary>Starts <c>bitslite</c> with <paramref name="args"/>; <paramref name="cancellationToken"/> is its Ctrl+C.</summary>
    public CliRun Start(string[] args, CancellationToken cancellationToken = default) =>
        CliRunner.Start(Env.Options(), Directory, args, cancellationToken);

    /// <summary>The jobs with a file in <see cref="Directory"/>, in creation order.</summary>
    public async Task<List<TransferInfo>> JobsAsync() =>
        (await Env.ListAsync()).Where(j => j.Files.Any(f => f.Destination.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))).ToList();

    /// <summary>Creates a job named <paramref name="name"/> downloading <paramref name="source"/> to <see cref="Out"/>(<paramref name="name"/>).</summary>
    public Task<TransferInfo> CreateAsync(string name, string source, bool suspended = false, string? destination = null) =>
        Client.CreateAsync(new TransferRequest { Suspended = suspended, Files = [new(source, destination ?? Out(name))], Options = new() { DisplayName = name } });

    /// <summary>
    /// A job Transferring with <paramref name="heldAt"/> of <paramref name="size"/> bytes on disk, its download held by
    /// the server until the gate is released.
    /// </summary>
    public async Task<HeldJob> HeldAsync(string name, int size = 4096, int heldAt = 1024)
    {
        var gate = new ResponseGate();
        var job = await CreateAsync(name, Serve(name, size, new FaultPlan { PauseAfterBytes = heldAt, Gate = gate }));
        await gate.Reached.WaitAsync(HostEnvironment.WaitTimeout);
        job = await Env.WaitForAsync(job.Id, j => j.State == TransferState.Transferring && j.BytesTransferred == heldAt);
        return new HeldJob(job, gate);
    }

    /// <summary>A job whose bytes have all arrived (Transferred, not yet completed).</summary>
    public async Task<TransferInfo> TransferredAsync(string name, int size = 1000) =>
        await Env.SettleAsync((await CreateAsync(name, Serve(name, size))).Id, TransferState.Transferred);

    /// <summary>A job transferred and completed (Acknowledged): its file is at its destination.</summary>
    public async Task<TransferInfo> AcknowledgedAsync(string name, int size = 10) =>
        await Client.CompleteAsync((await TransferredAsync(name, size)).Id);

    /// <summary>A job that failed for good: the server answers 404.</summary>
    public async Task<TransferInfo> FailedAsync(string name) =>
        await Env.SettleAsync((await CreateAsync(name, Serve(name, plan: new FaultPlan { FailStatus = 404 }))).Id, TransferState.Error);

    /// <summary>A job created suspended, with one file (never served).</summary>
    public Task<TransferInfo> SuspendedAsync(string name, string? destination = null) => CreateAsync(name, Url(name), suspended: true, destination);

    /// <summary>A cancelled job.</summary>
    public async Task<TransferInfo> CancelledAsync(string name) => await Client.CancelAsync((await SuspendedAsync(name)).Id);
}
