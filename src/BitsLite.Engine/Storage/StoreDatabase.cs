using System.Globalization;
using BitsLite.Engine.Security;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;
using Microsoft.Data.Sqlite;

namespace BitsLite.Engine.Storage;

/// <summary>
/// The job store's SQLite file: checked and created safely, opened, told apart from a file that is not ours or is
/// newer than we understand, and migrated step by step to <see cref="SchemaMigrations.LatestVersion"/>.
/// </summary>
internal static class StoreDatabase
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    /// <summary>Opens the database at <paramref name="path"/> (a full path), creating it owner-only when missing, with its schema up to date.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="secrets">The store's secret protector, for migrations that move secrets into encrypted columns.</param>
    /// <exception cref="TransferException">The file is not ours, damaged, too new, or not safe to use (<see cref="TransferErrorCode.AccessDenied"/>).</exception>
    public static SqliteConnection Open(string path, Func<SecretProtector> secrets)
    {
        PrepareFile(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Initialise(connection, path, secrets);
            return connection;
        }
        catch (SqliteException ex) when (IsCorruption(ex))
        {
            connection.Dispose();
            throw Corrupt(path, ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Whether SQLite says the file is damaged or not a database at all.</summary>
    public static bool IsCorruption(SqliteException ex) => ex.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase;

    /// <summary>The error for a damaged database: what to do, and that nothing was changed.</summary>
    public static TransferException Corrupt(string path, Exception inner) => new(
        TransferErrorCode.StoreCorrupt,
        $"The job database '{path}' is damaged or is not a SQLite database; it was left untouched. Move it aside to start with an empty store.",
        inner);

    /// <summary>
    /// Refuses a database, -wal or -shm that is a link, another user's or open to others (SQLite would follow the link,
    /// and as root it even hands its -wal and -shm to the database's owner), and creates a missing database owner-only,
    /// exclusively (O_EXCL never follows a link), before SQLite opens it; SQLite gives its -wal and -shm the same mode.
    /// Nothing is ever chmod-ed: a file that is not right is the user's to look at.
    /// </summary>
    private static void PrepareFile(string path)
    {
        OwnerOnlyDirectory.Create(Path.GetDirectoryName(path)!);
        PrivateLocation.VerifyFile(path, "job database");
        PrivateLocation.VerifyFile(path + "-wal", "job database's write-ahead log");
        PrivateLocation.VerifyFile(path + "-shm", "job database's shared-memory file");
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        using var created = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = OwnerOnlyFile.Mode,
        });
    }

    private static void Initialise(SqliteConnection connection, string path, Func<SecretProtector> secrets)
    {
        var applicationId = Scalar<long>(connection, "PRAGMA application_id;");
        var version = Scalar<long>(connection, "PRAGMA user_version;");
        var tables = Scalar<long>(connection, "SELECT count(*) FROM sqlite_schema;");
        if (applicationId != SchemaMigrations.ApplicationId && (applicationId != 0 || version != 0 || tables != 0))
        {
            throw new TransferException(
                TransferErrorCode.StoreCorrupt,
                $"The file '{path}' is not a BitsLite job database; it was left untouched. Move it aside or point BITSLITE_HOME elsewhere.");
        }

        if (version > SchemaMigrations.LatestVersion)
        {
            throw new TransferException(
                TransferErrorCode.StoreTooNew,
                $"The job database '{path}' has schema version {version}, newer than this BitsLite understands ({SchemaMigrations.LatestVersion}); it was left untouched. Use a newer BitsLite.");
        }

        Execute(connection, "PRAGMA journal_mode = WAL;");
        // NORMAL under WAL never corrupts; a power cut may only lose the last checkpoints, which resume re-fetches.
        Execute(connection, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");

        for (var step = (int)version; step < SchemaMigrations.LatestVersion; step++)
        {
            using var transaction = connection.BeginTransaction();
            var migration = SchemaMigrations.Steps[step];
            Execute(connection, migration.Sql, transaction);
            migration.MoveData?.Invoke(connection, transaction, secrets);
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA application_id = {SchemaMigrations.ApplicationId}; PRAGMA user_version = {step + 1};"), transaction);
            transaction.Commit();
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static T Scalar<T>(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }
}
