using System.Text.Json;
using System.Text.Json.Serialization;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// Reads and writes <see cref="TransferFileInfo"/> on the wire by hand: a list of many jobs carries hundreds of
/// thousands of them, and the source generator reads a type with required members through a boxed argument array.
/// The JSON is the generator's (camelCase; the hashes only when set); unknown properties are skipped.
/// </summary>
internal sealed class TransferFileInfoJsonConverter : JsonConverter<TransferFileInfo>
{
    private static readonly WireNames Names = WireNames.Of<Member>();

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
        string? expectedHash = null;
        string? verifiedHash = null;
        var member = -1;
        while (JsonReading.NextProperty(ref reader, Names, ref member))
        {
            switch ((Member)member)
            {
                case Member.Source: source = JsonReading.String(ref reader); break;
                case Member.Destination: destination = JsonReading.String(ref reader); break;
                case Member.BytesTotal: bytesTotal = reader.GetInt64(); break;
                case Member.BytesTransferred: bytesTransferred = reader.GetInt64(); break;
                case Member.IsTransferred: isTransferred = reader.GetBoolean(); break;
                case Member.ExpectedHash: expectedHash = JsonReading.NullableString(ref reader); break;
                case Member.VerifiedHash: verifiedHash = JsonReading.NullableString(ref reader); break;
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
            ExpectedHash = expectedHash,
            VerifiedHash = verifiedHash,
        };
    }

    public override void Write(Utf8JsonWriter writer, TransferFileInfo value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(Names[(int)Member.Source], value.Source);
        writer.WriteString(Names[(int)Member.Destination], value.Destination);
        writer.WriteNumber(Names[(int)Member.BytesTotal], value.BytesTotal);
        writer.WriteNumber(Names[(int)Member.BytesTransferred], value.BytesTransferred);
        writer.WriteBoolean(Names[(int)Member.IsTransferred], value.IsTransferred);

        // Most files have neither: a long list stays as short as before.
        if (value.ExpectedHash is { } expected)
        {
            writer.WriteString(Names[(int)Member.ExpectedHash], expected);
        }

        if (value.VerifiedHash is { } verified)
        {
            writer.WriteString(Names[(int)Member.VerifiedHash], verified);
        }

        writer.WriteEndObject();
    }

    /// <summary>The members in the order they are written; their camelCase names are the wire names.</summary>
    private enum Member
    {
        Source,
        Destination,
        BytesTotal,
        BytesTransferred,
        IsTransferred,
        ExpectedHash,
        VerifiedHash,
    }
}
