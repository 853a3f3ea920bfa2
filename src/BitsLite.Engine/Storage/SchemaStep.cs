using BitsLite.Engine.Security;
using Microsoft.Data.Sqlite;

namespace BitsLite.Engine.Storage;

/// <summary>
/// One version of the schema: its SQL, then, for a step that moves data SQL alone cannot (secrets to re-encrypt), code
/// that runs in the same transaction with the store's key.
/// </summary>
internal sealed record SchemaStep(string Sql, Action<SqliteConnection, SqliteTransaction, Func<SecretProtector>>? MoveData = null);
