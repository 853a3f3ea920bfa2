using Microsoft.Data.Sqlite;

namespace BitsLite.Engine.Tests.Support;

/// <summary>
/// Records the writes a store makes to its jobs and files, with triggers in the database itself (the store takes no
/// notice of them): "UPDATE jobs" for every update of a job's row, also "UPDATE jobs options" and "UPDATE jobs secrets"
/// when the statement sets those columns (whether or not their value changes), and "UPDATE files IDX" / "INSERT files IDX".
/// </summary>
internal static class WriteLog
{
    /// <summary>Starts recording in the store at <paramref name="path"/> (no store may have it open).</summary>
    public static void Install(string path) => Execute(path, """
        CREATE TABLE test_writes (n INTEGER PRIMARY KEY AUTOINCREMENT, entry TEXT NOT NULL);
        CREATE TRIGGER test_jobs AFTER UPDATE ON jobs BEGIN INSERT INTO test_writes (entry) VALUES ('UPDATE jobs'); END;
        CREATE TRIGGER test_jobs_options AFTER UPDATE OF options ON jobs BEGIN INSERT INTO test_writes (entry) VALUES ('UPDATE jobs options'); END;
        CREATE TRIGGER test_jobs_secrets AFTER UPDATE OF secrets ON jobs BEGIN INSERT INTO test_writes (entry) VALUES ('UPDATE jobs secrets'); END;
        CREATE TRIGGER test_files AFTER UPDATE ON files BEGIN INSERT INTO test_writes (entry) VALUES ('UPDATE files ' || new.idx); END;
        CREATE TRIGGER test_files_insert AFTER INSERT ON files BEGIN INSERT INTO test_writes (entry) VALUES ('INSERT files ' || new.idx); END;
        """);

    /// <summary>What was recorded, sorted (SQLite fires the triggers of one statement in no set order).</summary>
    public static List<string> Entries(string path)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT entry FROM test_writes;";
        using var reader = command.ExecuteReader();
        var entries = new List<string>();
        while (reader.Read())
        {
            entries.Add(reader.GetString(0));
        }

        entries.Sort(StringComparer.Ordinal);
        return entries;
    }

    /// <summary>Forgets what was recorded so far.</summary>
    public static void Clear(string path) => Execute(path, "DELETE FROM test_writes;");

    /// <summary>The first row <paramref name="sql"/> selects, every column (NULL as null).</summary>
    public static object?[] Row(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"no row for {sql}");
        var values = new object?[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return values;
    }

    private static void Execute(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }
}
