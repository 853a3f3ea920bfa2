using Microsoft.Data.Sqlite;

namespace BitsLite.Engine.Tests.Support;

/// <summary>Reads an engine's real job database from outside (read-only): what only the store knows, such as a file's temporary file.</summary>
public static class StoreReader
{
    /// <summary>A column of the files table for one file of a job (null when it is NULL).</summary>
    public static async Task<object?> FileColumnAsync(string databasePath, Guid jobId, int index, string column)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT f.{column} FROM files f JOIN jobs j ON j.seq = f.job_seq WHERE j.id = $id AND f.idx = $idx";
        command.Parameters.AddWithValue("$id", jobId.ToString());
        command.Parameters.AddWithValue("$idx", index);
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? value : null;
    }

    /// <summary>Where the file's bytes wait until Complete.</summary>
    public static async Task<string> TempPathAsync(string databasePath, Guid jobId, int index = 0) =>
        (string?)await FileColumnAsync(databasePath, jobId, index, "temp_path") ?? throw new InvalidOperationException($"No file {index} in job {jobId}.");

    /// <summary>Polls (there is no event for it) until the file's checkpoint reaches <paramref name="atLeast"/>; returns it.</summary>
    public static async Task<long> WaitForCheckpointAsync(string databasePath, Guid jobId, long atLeast)
    {
        using var timeout = new CancellationTokenSource(EngineHarness.WaitTimeout);
        while (true)
        {
            if ((long)(await FileColumnAsync(databasePath, jobId, 0, "bytes_checkpointed"))! is var bytes && bytes >= atLeast)
            {
                return bytes;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
