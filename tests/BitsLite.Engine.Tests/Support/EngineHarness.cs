using BitsLite.Testing;
using System.Security.Cryptography;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Support;

/// <summary>A real engine on a real SQLite file in a temporary directory, tuned for quick retries.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    private readonly Func<TransferEngineOptions, TransferEngineOptions>? _configure;

    private EngineHarness(Func<TransferEngineOptions, TransferEngineOptions>? configure) => _configure = configure;

    public TempDirectory Directory { get; } = new();

    public TransferEngine Engine { get; private set; } = null!;

    public string DatabasePath => Directory.File("store/jobs.db");

    public TransferEngineOptions Options { get; private set; } = null!;

    public static async Task<EngineHarness> StartAsync(Func<TransferEngineOptions, TransferEngineOptions>? configure = null)
    {
        var harness = new EngineHarness(configure);
        await harness.OpenAsync();
        return harness;
    }

    /// <summary>Opens a new engine on the same database (after <see cref="CloseAsync"/>).</summary>
    public async Task OpenAsync()
    {
        var options = new TransferEngineOptions
        {
            DatabasePath = DatabasePath,
            MinimumRetryInterval = TimeSpan.FromMilliseconds(50),
            DefaultRetryInterval = TimeSpan.FromMilliseconds(100),
            CheckpointInterval = TimeSpan.FromMilliseconds(100),
            StallTimeout = TimeSpan.FromSeconds(10),
        };
        Options = _configure?.Invoke(options) ?? options;
        Engine = await TransferEngine.OpenAsync(Options);
    }

    public async Task CloseAsync() => await Engine.DisposeAsync();

    public string Out(string name) => Directory.File(name);

    public Task<TransferInfo> DownloadAsync(Uri url, string destination, TransferRequest? request = null) =>
        Engine.CreateAsync((request ?? new TransferRequest()) with { Files = [new TransferFileSpec(url.AbsoluteUri, destination)] });

    /// <summary>Waits, on events and without sleeping, until the job is in one of <paramref name="states"/>.</summary>
    public async Task<TransferInfo> WaitForAsync(Guid id, params TransferState[] states) =>
        await WaitUntilAsync(id, t => states.Contains(t.State), $"state {string.Join(" or ", states)}");

    public async Task<TransferInfo> WaitUntilAsync(Guid id, Func<TransferInfo, bool> condition, string what)
    {
        using var events = Engine.Subscribe(id);
        var current = Engine.Get(id);
        using var timeout = new CancellationTokenSource(WaitTimeout);
        try
        {
            while (!condition(current))
            {
                current = (await events.Reader.ReadAsync(timeout.Token)).Transfer;
            }
        }
        catch (OperationCanceledException)
        {
            current = Engine.Get(id);
            Assert.Fail($"Transfer did not reach {what} within {WaitTimeout.TotalSeconds} s; it is {current.State} ({current.Error?.Description}).");
        }

        return current;
    }

    /// <summary>Waits for Transferred, failing with the job's error if it ends in Error instead.</summary>
    public async Task<TransferInfo> WaitTransferredAsync(Guid id)
    {
        var info = await WaitForAsync(id, TransferState.Transferred, TransferState.Error);
        Assert.True(info.State == TransferState.Transferred, $"Expected Transferred, got {info.State}: {info.Error?.Description}");
        return info;
    }

    public static string Sha256(byte[] data) => Convert.ToHexString(SHA256.HashData(data));

    public static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    public static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        Directory.Dispose();
    }
}
