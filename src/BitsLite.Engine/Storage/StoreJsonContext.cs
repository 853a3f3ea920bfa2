using System.Text.Json.Serialization;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Storage;

/// <summary>The job options the store keeps as JSON text: rarely set, read whole, never queried.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<TransferCredential>))]
[JsonSerializable(typeof(TransferProxy))]
[JsonSerializable(typeof(TransferNotification))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
