using System.Text.Json.Serialization;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// Source-generated serializers for every <see cref="Message"/>: no reflection, trimming- and AOT-safe. Job snapshots,
/// the bulk of a list, go through hand-written converters (<see cref="TransferInfoJsonConverter"/>); the types inside
/// them that those converters hand back to the generator are named here so that their metadata is always generated.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    IgnoreReadOnlyProperties = false,
    Converters = [typeof(TransferInfoJsonConverter), typeof(TransferFileInfoJsonConverter)])]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(TransferError))]
[JsonSerializable(typeof(TransferOptions))]
[JsonSerializable(typeof(IReadOnlyList<TransferCredential>))]
[JsonSerializable(typeof(TransferProxy))]
[JsonSerializable(typeof(TransferNotification))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
