using System.Text.Json;
using BitsLite.Engine.Security;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using Microsoft.Data.Sqlite;

namespace BitsLite.Engine.Storage;

/// <summary>
/// Schema version 6's data move: every job's settings, from the thirteen columns of versions 1 to 5, into the options
/// and secrets columns. Passwords were encrypted one by one; they are decrypted and encrypted again with the headers.
/// </summary>
internal static class OptionsColumnMigration
{
    public static void Fill(SqliteConnection connection, SqliteTransaction transaction, Func<SecretProtector> protector)
    {
        var jobs = new List<(long Sequence, TransferOptions Options)>();
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText =
                "SELECT seq, display_name, description, priority, retry_interval_ms, retry_timeout_ms, max_download_time_ms, max_bandwidth, "
                + "custom_headers, credentials, proxy, notification, transfer_policy, upload_method FROM jobs;";
            using var r = read.ExecuteReader();
            while (r.Read())
            {
                jobs.Add((r.GetInt64(r.GetOrdinal("seq")), Options(r, protector)));
            }
        }

        using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = "UPDATE jobs SET options = $options, options_version = $version, secrets = $secrets WHERE seq = $seq;";
        var (options, version, secrets, seq) = (write.Parameters.Add("$options", SqliteType.Text), write.Parameters.Add("$version", SqliteType.Integer),
            write.Parameters.Add("$secrets", SqliteType.Text), write.Parameters.Add("$seq", SqliteType.Integer));
        foreach (var job in jobs)
        {
            options.Value = StoredOptions.ToJson(job.Options);
            version.Value = StoredOptions.Version;
            secrets.Value = (object?)StoredOptions.ProtectSecrets(job.Options, protector) ?? DBNull.Value;
            seq.Value = job.Sequence;
            write.ExecuteNonQuery();
        }
    }

    private static TransferOptions Options(SqliteDataReader r, Func<SecretProtector> protector)
    {
        string? Text(string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetString(r.GetOrdinal(column));
        long? Number(string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetInt64(r.GetOrdinal(column));
        var headers = Text("custom_headers") ?? "";
        return new TransferOptions
        {
            DisplayName = Text("display_name") ?? "",
            Description = Text("description") ?? "",
            Priority = (TransferPriority)(Number("priority") ?? 0),
            RetryInterval = TimeSpan.FromMilliseconds(Number("retry_interval_ms") ?? 0),
            RetryTimeout = TimeSpan.FromMilliseconds(Number("retry_timeout_ms") ?? 0),
            MaxDownloadTime = TimeSpan.FromMilliseconds(Number("max_download_time_ms") ?? 0),
            MaxBandwidth = Number("max_bandwidth") ?? 0,
            CustomHeaders = headers.Length == 0 ? [] : headers.Split('\n'),
            Credentials = Text("credentials") is { } credentials ? Decrypted(credentials, protector) : [],
            Proxy = Text("proxy") is { } proxy ? JsonSerializer.Deserialize(proxy, StoreJsonContext.Default.TransferProxy) ?? new() : new(),
            Notification = Text("notification") is { } notification ? JsonSerializer.Deserialize(notification, StoreJsonContext.Default.TransferNotification) : null,
            TransferPolicy = (TransferCostPolicy)(Number("transfer_policy") ?? 0),
            UploadMethod = (UploadMethod)(Number("upload_method") ?? 0),
        };
    }

    // A password the key cannot decrypt (the key file was replaced) becomes empty: the server then refuses it, and the
    // job's error says to set its credentials again, as it would have said before.
    private static List<TransferCredential> Decrypted(string json, Func<SecretProtector> protector) =>
        (JsonSerializer.Deserialize(json, StoreJsonContext.Default.ListTransferCredential) ?? []).ConvertAll(c =>
            c with { Password = protector().TryUnprotect(c.Password ?? "", out var password) ? password : "" });
}
