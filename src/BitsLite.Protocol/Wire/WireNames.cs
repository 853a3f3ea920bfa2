using System.Text.Json;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// The property names of a hand-written converter, one per member of an enum (its names in camelCase, in its order),
/// for writing (<see cref="this"/>) and for finding which member the reader is on (<see cref="Match"/>) by comparing
/// UTF-8 bytes, trying the member after the last one first, since a writer keeps to one order.
/// </summary>
internal sealed class WireNames
{
    private readonly JsonEncodedText[] _names;

    private WireNames(JsonEncodedText[] names) => _names = names;

    /// <summary>The names of <typeparamref name="TMember"/>'s members, whose values must be 0, 1, 2, ….</summary>
    public static WireNames Of<TMember>()
        where TMember : struct, Enum
    {
        var members = Enum.GetValues<TMember>();
        var names = new JsonEncodedText[members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            if (Convert.ToInt32(members[i], System.Globalization.CultureInfo.InvariantCulture) != i)
            {
                throw new InvalidOperationException($"{typeof(TMember).Name}'s members must be numbered 0, 1, 2, ….");
            }

            names[i] = JsonEncodedText.Encode(JsonNamingPolicy.CamelCase.ConvertName(members[i].ToString()));
        }

        return new WireNames(names);
    }

    /// <summary>The name of member number <paramref name="member"/>.</summary>
    public JsonEncodedText this[int member] => _names[member];

    /// <summary>
    /// The number of the member whose name the reader is on (a property name), or -1 for a name that is not one of them.
    /// <paramref name="expected"/> is tried first.
    /// </summary>
    public int Match(ref Utf8JsonReader reader, int expected)
    {
        Span<byte> unescaped = stackalloc byte[JsonReading.MaxNameLength];
        scoped ReadOnlySpan<byte> name;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            name = reader.ValueSpan;
        }
        else
        {
            // The escaped form is never shorter than the name, so a name that fits raw fits unescaped.
            var raw = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
            if (raw > unescaped.Length)
            {
                return -1;
            }

            name = unescaped[..reader.CopyString(unescaped)];
        }

        if ((uint)expected < (uint)_names.Length && name.SequenceEqual(_names[expected].EncodedUtf8Bytes))
        {
            return expected;
        }

        for (var i = 0; i < _names.Length; i++)
        {
            if (name.SequenceEqual(_names[i].EncodedUtf8Bytes))
            {
                return i;
            }
        }

        return -1;
    }
}
