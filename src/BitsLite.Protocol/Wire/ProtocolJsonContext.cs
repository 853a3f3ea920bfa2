using System.Text.Json.Serialization;

namespace BitsLite.Protocol.Wire;

/// <summary>Source-generated serializers for every <see cref="Message"/>: no reflection, trimming- and AOT-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    IgnoreReadOnlyProperties = false)]
[JsonSerializable(typeof(Message))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
