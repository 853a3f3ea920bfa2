using System.Text.Json.Serialization;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Output;

/// <summary>
/// Source-generated serializers for <c>--json</c> output (no reflection, so the CLI stays trim- and AOT-friendly),
/// with the protocol's conventions: camelCase, enums as names, nulls left out, durations as "d.hh:mm:ss".
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    IgnoreReadOnlyProperties = false,
    WriteIndented = true)]
[JsonSerializable(typeof(TransferInfo))]
[JsonSerializable(typeof(List<TransferInfo>))]
[JsonSerializable(typeof(HostPolicy))]
[JsonSerializable(typeof(HostStatusReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
