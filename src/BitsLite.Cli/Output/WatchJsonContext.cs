using System.Text.Json.Serialization;

namespace BitsLite.Cli.Output;

/// <summary>
/// The serializer of <c>watch --json</c> lines: the conventions of every <c>--json</c> output (camelCase, enums as
/// names, nulls left out), but one object per line, not indented.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(WatchLine))]
internal sealed partial class WatchJsonContext : JsonSerializerContext;
