using System.Text.Json;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// Enum values as the protocol writes them (their names) for the hand-written converters, without a string per value:
/// names are matched against the reader's UTF-8 bytes. Reading also takes what the source generator's string enum
/// converter takes (another letter case, a defined number), so the hand-written converters accept the same input.
/// </summary>
internal static class WireEnum<T>
    where T : struct, Enum
{
    private static readonly T[] Values = Enum.GetValues<T>();
    private static readonly JsonEncodedText[] Names = Array.ConvertAll(Values, value => JsonEncodedText.Encode(value.ToString()));

    public static void Write(Utf8JsonWriter writer, JsonEncodedText propertyName, T value)
    {
        var index = Array.IndexOf(Values, value);
        if (index >= 0)
        {
            writer.WriteString(propertyName, Names[index]);
        }
        else
        {
            // An undefined value (a cast number) travels as a number, as the generator's string enum converter writes it.
            writer.WriteNumber(propertyName, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public static T Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            for (var i = 0; i < Names.Length; i++)
            {
                if (reader.ValueTextEquals(Names[i].EncodedUtf8Bytes))
                {
                    return Values[i];
                }
            }

            var text = reader.GetString();
            if (Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                return parsed;
            }

            throw new JsonException($"'{text}' is not a {typeof(T).Name}.");
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            foreach (var value in Values)
            {
                if (Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == number)
                {
                    return value;
                }
            }
        }

        throw new JsonException($"Expected a {typeof(T).Name} name, found {reader.TokenType}.");
    }
}
