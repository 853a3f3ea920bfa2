using Microsoft.Data.Sqlite;

namespace BitsLite.Host.Tests.Support;

/// <summary>Reads the host's real job database from outside (read-only), to wait for what only the store knows: checkpoints.</summary>
public static class StoreProbe
{
    public static long CheckpointedBytes(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(bytes_checkpointed), 0) FROM files;";
        return (long)command.ExecuteScalar()!;
    }

    public static async Task<long> WaitForCheckpointAsync(string databasePath, long atLeast)
    {
        using var timeout = new CancellationTokenSource(HostTestEnvironment.WaitTimeout);
        while (true)
        {
            var bytes = CheckpointedBytes(databasePath);
            if (bytes >= atLeast)
            {
                return bytes;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
