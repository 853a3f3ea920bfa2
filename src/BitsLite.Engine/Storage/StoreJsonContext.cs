using System.Text.Json.Serialization;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Storage;

/// <summary>What the store keeps as JSON text: job settings and their secrets, and the old columns a migration reads.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TransferOptions))]
[JsonSerializable(typeof(StoredSecrets))]
[JsonSerializable(typeof(List<TransferCredential>))]
[JsonSerializable(typeof(TransferProxy))]
[JsonSerializable(typeof(TransferNotification))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
