using System.Globalization;
using Microsoft.Data.Sqlite;

namespace BitsLite.Host.Tests.Support;

/// <summary>Reads the segments of the host's one download file from its job database (read-only): "start-end:done,…" as the store keeps them.</summary>
public static class SegmentProbe
{
    public static IReadOnlyList<(long Start, long End, long Done)> Segments(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT segments FROM files LIMIT 1;";
        if (command.ExecuteScalar() is not string text)
        {
            return [];
        }

        return [.. text.Split(',').Select(part =>
        {
            var numbers = part.Split('-', ':');
            return (long.Parse(numbers[0], CultureInfo.InvariantCulture), long.Parse(numbers[1], CultureInfo.InvariantCulture), long.Parse(numbers[2], CultureInfo.InvariantCulture));
        })];
    }

    /// <summary>Waits until the store has <paramref name="count"/> segments, each with bytes on record and none complete.</summary>
    public static async Task<IReadOnlyList<(long Start, long End, long Done)>> WaitForAllUnderWayAsync(string databasePath, int count)
    {
        using var timeout = new CancellationTokenSource(HostTestEnvironment.WaitTimeout);
        while (true)
        {
            var segments = File.Exists(databasePath) ? Segments(databasePath) : [];
            if (segments.Count == count && segments.All(s => s.Done > 0 && s.Done < s.End - s.Start))
            {
                return segments;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
