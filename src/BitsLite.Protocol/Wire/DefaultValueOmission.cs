using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// Leaves out of the JSON of job settings every property that has the value a new instance has (a default priority, an
/// empty list, no limit), so that a job's settings cost bytes only where they differ: 100,000 jobs in a listing, or in the
/// store, are mostly defaults. A reader restores them, as it does for any property a message leaves out. Works on the
/// source generator's metadata, so a new setting needs nothing here.
/// </summary>
public static class DefaultValueOmission
{
    /// <summary>The types whose default properties are left out.</summary>
    private static readonly HashSet<Type> Types = [typeof(TransferOptions), typeof(TransferProxy)];

    /// <summary>Options that write job settings without their defaults, from a source-generated context.</summary>
    public static JsonSerializerOptions For(JsonSerializerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new JsonSerializerOptions(context.Options) { TypeInfoResolver = context.WithAddedModifier(Modify) };
    }

    private static void Modify(JsonTypeInfo info)
    {
        if (!Types.Contains(info.Type) || info.CreateObject is null)
        {
            return;
        }

        var fresh = info.CreateObject();
        foreach (var property in info.Properties)
        {
            if (property.Get is { } get)
            {
                var initial = get(fresh);
                property.ShouldSerialize = (_, value) => !IsInitial(value, initial);
            }
        }
    }

    private static bool IsInitial(object? value, object? initial) => (value, initial) switch
    {
        (null, _) => initial is null,
        (ICollection list, ICollection fresh) => list.Count == 0 && fresh.Count == 0,
        _ => value.Equals(initial),
    };
}
