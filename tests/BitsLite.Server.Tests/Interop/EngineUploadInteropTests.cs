using System.Security.Cryptography;
using BitsLite.Engine;
using BitsLite.Protocol.Transfers;
using BitsLite.Server.Tests.Support;
using BitsLite.Testing;
using Microsoft.Data.Sqlite;

namespace BitsLite.Server.Tests.Interop;

/// <summary>
/// The two halves of issue 5, written apart from the same documentation, against each other: BitsLite's upload client
/// (the engine) sends to MapBitsUploads over real sockets.
/// </summary>
public sealed class EngineUploadInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AnUploadInterruptedMidFragmentByAnEngineRestart_ResumesFromTheServersReceivedRange_AndIsIdentical()
    {
        await using var server = await UploadTestServer.StartAsync();
        using var directory = new TempDirectory();

        // (Not a server restart: the test server comes back on another port. Its sessions live on disk either way.)
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        var local = directory.File("interop.bin");
        await File.WriteAllBytesAsync(local, content);
        var options = new TransferEngineOptions
        {
            DatabasePath = directory.File("store/jobs.db"),
            UploadFragmentSize = 256 * 1024,
            MinimumRetryInterval = TimeSpan.FromMilliseconds(50),
            DefaultRetryInterval = TimeSpan.FromMilliseconds(100),
            StallTimeout = TimeSpan.FromSeconds(10),
        };

        // Slowed down, so that the engine stops mid-fragment, about a third of the way through.
        var engine = await TransferEngine.OpenAsync(options);
        var job = await engine.CreateAsync(new TransferRequest
        {
            TransferType = TransferType.Upload,
            Files = [new TransferFileSpec(local, server.Url("interop.bin").AbsoluteUri)],
            Options = new() { Priority = TransferPriority.Foreground, MaxBandwidth = 2 * 1024 * 1024 },
        });
        var stoppedAt = (await WaitAsync(engine, job.Id, t => t.BytesTransferred >= 1024 * 1024)).BytesTransferred;
        await engine.DisposeAsync();
        var session = await StoredSessionAsync(options.DatabasePath, job.Id);
        Assert.NotNull(session);
        Assert.True(Directory.Exists(server.SessionPath(session)), "the server keeps the session on disk");

        engine = await TransferEngine.OpenAsync(options);
        await using (engine)
        {
            using var events = engine.Subscribe(job.Id);
            var resumedFrom = engine.Get(job.Id).BytesTransferred;
            var lowest = long.MaxValue;
            var done = await WaitAsync(engine, job.Id, t =>
            {
                lowest = Math.Min(lowest, t.BytesTransferred);
                return t.State is TransferState.Transferred or TransferState.Error;
            });
            Assert.Equal(TransferState.Transferred, done.State);
            await engine.CompleteAsync(job.Id);

            // Resumed in the same session, where the server stood: never back to the start.
            Assert.True(resumedFrom > 0 && lowest >= resumedFrom - (256 * 1024), $"resumed from {resumedFrom:N0} (stopped at {stoppedAt:N0}), went down to {lowest:N0}");
            Assert.Null(await StoredSessionAsync(options.DatabasePath, job.Id));
        }

        var uploaded = Path.Join(server.UploadDirectory, "interop.bin");
        Assert.Equal(Convert.ToHexString(SHA256.HashData(content)), Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(uploaded))));
        Assert.False(Directory.Exists(server.SessionPath(session)), "Close-Session ended the session");
    }

    [Fact]
    public async Task AnEngineUploadRefusedASessionByTheLimit_WaitsInTransientError_AndGoesThroughOnceASessionEnds()
    {
        await using var server = await UploadTestServer.StartAsync(options => options.MaxSessionsPerClient = 1);
        using var directory = new TempDirectory();
        var content = RandomNumberGenerator.GetBytes(100_000);
        var local = directory.File("waits.bin");
        await File.WriteAllBytesAsync(local, content);
        var holder = await BitsUpload.CreateSessionAsync(server.Client, server.Url("holder.bin"));
        var options = new TransferEngineOptions
        {
            DatabasePath = directory.File("store/jobs.db"),
            MinimumRetryInterval = TimeSpan.FromMilliseconds(50),
            DefaultRetryInterval = TimeSpan.FromMilliseconds(100),
        };
        await using var engine = await TransferEngine.OpenAsync(options);

        var job = await engine.CreateAsync(new TransferRequest
        {
            TransferType = TransferType.Upload,
            Files = [new TransferFileSpec(local, server.Url("waits.bin").AbsoluteUri)],
            Options = new() { Priority = TransferPriority.Foreground },
        });
        var refused = await WaitAsync(engine, job.Id, t => t.State is TransferState.TransientError or TransferState.Error or TransferState.Transferred);
        using (var cancel = await server.Client.SendAsync(BitsPackets.CancelSession(server.Url("holder.bin"), holder)))
        {
            cancel.EnsureSuccessStatusCode();
        }

        var done = await WaitAsync(engine, job.Id, t => t.State is TransferState.Transferred or TransferState.Error);
        await engine.CompleteAsync(job.Id);

        Assert.Equal(TransferState.TransientError, refused.State);
        Assert.Equal(503, refused.Error?.HttpStatus);
        Assert.Contains("0x80070045", refused.Error?.Description, StringComparison.Ordinal);
        Assert.Equal(TransferState.Transferred, done.State);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Join(server.UploadDirectory, "waits.bin")));
    }

    private static async Task<TransferInfo> WaitAsync(TransferEngine engine, Guid id, Func<TransferInfo, bool> condition)
    {
        using var events = engine.Subscribe(id);
        using var timeout = new CancellationTokenSource(Timeout);
        var current = engine.Get(id);
        try
        {
            while (!condition(current))
            {
                current = (await events.Reader.ReadAsync(timeout.Token)).Transfer;
            }
        }
        catch (OperationCanceledException)
        {
            current = engine.Get(id);
            Assert.Fail($"The upload did not get there within {Timeout.TotalSeconds} s: {current.State}, {current.BytesTransferred:N0} bytes, {current.Error?.Description}");
        }

        return current;
    }

    private static async Task<string?> StoredSessionAsync(string database, Guid id)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT upload_session FROM jobs WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        return await command.ExecuteScalarAsync() as string;
    }
}
