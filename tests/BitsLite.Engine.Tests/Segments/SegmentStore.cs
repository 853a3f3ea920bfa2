using BitsLite.Engine.Running.Segments;
using BitsLite.Engine.Tests.Support;

namespace BitsLite.Engine.Tests.Segments;

/// <summary>Reads a file's segments as the store has them (the files.segments column), read-only beside the engine.</summary>
internal static class SegmentStore
{
    public static async Task<FileSegments?> ReadAsync(string database, Guid id)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT f.segments FROM files f JOIN jobs j ON j.seq = f.job_seq WHERE j.id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        return FileSegments.Parse(await command.ExecuteScalarAsync() as string);
    }

    /// <summary>Polls the store (the engine writes it on its own schedule) until <paramref name="condition"/> holds, failing after the harness's timeout.</summary>
    public static async Task<FileSegments?> WaitForAsync(string database, Guid id, Func<FileSegments?, bool> condition)
    {
        var deadline = DateTime.UtcNow + EngineHarness.WaitTimeout;
        FileSegments? segments;
        while (!condition(segments = await ReadAsync(database, id)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the stored segments never got there; last: {segments}");
            await Task.Delay(20);
        }

        return segments;
    }
}
