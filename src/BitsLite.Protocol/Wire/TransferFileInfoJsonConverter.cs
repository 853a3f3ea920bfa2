using System.Text.Json;
using System.Text.Json.Serialization;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// Reads and writes <see cref="TransferFileInfo"/> on the wire by hand: a list of many jobs carries hundreds of
/// thousands of them, and the source generator reads a type with required members through a boxed argument array.
/// The JSON is the generator's (every property, camelCase); unknown properties are skipped.
/// </summary>
internal sealed class TransferFileInfoJsonConverter : JsonConverter<TransferFileInfo>
{
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText DestinationName = JsonEncodedText.Encode("destination");
    private static readonly JsonEncodedText BytesTotalName = JsonEncodedText.Encode("bytesTotal");
    private static readonly JsonEncodedText BytesTransferredName = JsonEncodedText.Encode("bytesTransferred");
    private static readonly JsonEncodedText IsTransferredName = JsonEncodedText.Encode("isTransferred");

    /// <summary>The one instance; <see cref="TransferInfoJsonConverter"/> calls it for each file.</summary>
    public static TransferFileInfoJsonConverter Instance { get; } = new();

    public override TransferFileInfo Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonReading.Expect(ref reader, JsonTokenType.StartObject, "a file");
        string? source = null;
        string? destination = null;
        long bytesTotal = -1;
        long bytesTransferred = 0;
        var isTransferred = false;
        Span<char> name = stackalloc char[JsonReading.MaxNameLength];
        while (JsonReading.NextProperty(ref reader, name, out var length))
        {
            switch (name[..length])
            {
                case "source": source = JsonReading.String(ref reader); break;
                case "destination": destination = JsonReading.String(ref reader); break;
                case "bytesTotal": bytesTotal = reader.GetInt64(); break;
                case "bytesTransferred": bytesTransferred = reader.GetInt64(); break;
                case "isTransferred": isTransferred = reader.GetBoolean(); break;
                default: reader.Skip(); break;
            }
        }

        return new TransferFileInfo
        {
            Source = source ?? throw JsonReading.Missing("source", "a file"),
            Destination = destination ?? throw JsonReading.Missing("destination", "a file"),
            BytesTotal = bytesTotal,
            BytesTransferred = bytesTransferred,
            IsTransferred = isTransferred,
        };
    }

    public override void Write(Utf8JsonWriter writer, TransferFileInfo value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(SourceName, value.Source);
        writer.WriteString(DestinationName, value.Destination);
        writer.WriteNumber(BytesTotalName, value.BytesTotal);
        writer.WriteNumber(BytesTransferredName, value.BytesTransferred);
        writer.WriteBoolean(IsTransferredName, value.IsTransferred);
        writer.WriteEndObject();
    }
}
