using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BitsLite.Engine.Security;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;

namespace BitsLite.Engine.Storage;

/// <summary>
/// How a job's settings are kept: the <c>options</c> column holds them as JSON (only what differs from the defaults,
/// <see cref="DefaultValueOmission"/>), without their secrets; the <c>secrets</c> column holds the passwords and the
/// custom headers, encrypted (AES-256-GCM, <see cref="SecretProtector"/>) and written only when they change. A new
/// setting needs nothing here: it travels inside the JSON.
/// </summary>
internal static class StoredOptions
{
    /// <summary>The version of the <c>options</c> JSON this build writes (<c>options_version</c>); a later one may read it differently.</summary>
    public const int Version = 1;

    private static readonly JsonTypeInfo<TransferOptions> OptionsInfo =
        (JsonTypeInfo<TransferOptions>)DefaultValueOmission.For(StoreJsonContext.Default).GetTypeInfo(typeof(TransferOptions));

    /// <summary>The settings as the <c>options</c> column keeps them: no password, no custom header.</summary>
    public static string ToJson(TransferOptions options) => JsonSerializer.Serialize(
        options with
        {
            Credentials = options.Credentials.Count == 0 ? [] : [.. options.Credentials.Select(c => c with { Password = null })],
            CustomHeaders = [],
        },
        OptionsInfo);

    /// <summary>The <c>secrets</c> column: the passwords (in the order of the credentials) and the headers, encrypted; null when there are none.</summary>
    public static string? ProtectSecrets(TransferOptions options, Func<SecretProtector> protector)
    {
        if (options.Credentials.Count == 0 && options.CustomHeaders.Count == 0)
        {
            return null;
        }

        var secrets = new StoredSecrets([.. options.Credentials.Select(c => c.Password ?? "")], [.. options.CustomHeaders]);
        return protector().Protect(JsonSerializer.Serialize(secrets, StoreJsonContext.Default.StoredSecrets));
    }

    /// <summary>Whether two versions of a job's settings have the same secrets, so that the encrypted column can stay as it is.</summary>
    public static bool SameSecrets(TransferOptions before, TransferOptions after) =>
        before.CustomHeaders.SequenceEqual(after.CustomHeaders)
        && before.Credentials.Select(c => c.Password).SequenceEqual(after.Credentials.Select(c => c.Password));

    /// <summary>
    /// The settings from their two columns, the secrets decrypted and put back. Secrets the key cannot decrypt (the key
    /// file was replaced or damaged) come back empty, and <paramref name="secretsUnreadable"/> says so.
    /// </summary>
    public static TransferOptions Read(string json, string? protectedSecrets, Func<SecretProtector> protector, out bool secretsUnreadable)
    {
        var options = JsonSerializer.Deserialize(json, OptionsInfo) ?? new TransferOptions();
        secretsUnreadable = false;
        if (protectedSecrets is null)
        {
            return options;
        }

        StoredSecrets? secrets = null;
        if (protector().TryUnprotect(protectedSecrets, out var plain))
        {
            secrets = JsonSerializer.Deserialize(plain, StoreJsonContext.Default.StoredSecrets);
        }
        else
        {
            secretsUnreadable = true;
        }

        secrets ??= new StoredSecrets([], []);
        return options with
        {
            Credentials = [.. options.Credentials.Select((c, i) => c with { Password = i < secrets.Passwords.Count ? secrets.Passwords[i] : "" })],
            CustomHeaders = secrets.Headers,
        };
    }
}
