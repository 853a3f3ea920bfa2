using System.Text.Json;

namespace BitsLite.Protocol.Wire;

/// <summary>The reading steps the hand-written converters share; every shape error is a <see cref="JsonException"/>.</summary>
internal static class JsonReading
{
    /// <summary>Longer property names are not ours; they are skipped without being unescaped.</summary>
    public const int MaxNameLength = 64;

    public static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string what)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"Expected {what} ({token}), found {reader.TokenType}.");
        }
    }

    /// <summary>
    /// Moves to the next property of the object being read: <paramref name="member"/> becomes the number of its name
    /// in <paramref name="names"/> (-1 for another name; on entry, the member read last), and the reader moves onto
    /// its value. <see langword="false"/> at the end of the object.
    /// </summary>
    public static bool NextProperty(ref Utf8JsonReader reader, WireNames names, ref int member)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return false;
        }

        Expect(ref reader, JsonTokenType.PropertyName, "a property name");
        member = names.Match(ref reader, member + 1);
        reader.Read();
        return true;
    }

    public static string String(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String, "a string");
        return reader.GetString()!;
    }

    public static string? NullableString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : String(ref reader);

    public static IReadOnlyList<string> Strings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        Expect(ref reader, JsonTokenType.StartArray, "an array of strings");
        List<string>? items = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            (items ??= []).Add(String(ref reader));
        }

        return items ?? (IReadOnlyList<string>)[];
    }

    public static JsonException Missing(string property, string what) => new($"'{property}' is missing from {what}.");
}
