using System.Text.Json.Serialization;

namespace BitsLite.Server.Sessions;

/// <summary>Source-generated JSON for <see cref="SessionMetadata"/>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SessionMetadata))]
internal sealed partial class SessionMetadataJsonContext : JsonSerializerContext;
