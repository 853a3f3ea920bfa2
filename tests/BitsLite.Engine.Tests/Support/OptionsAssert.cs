using System.Text.Json;
using BitsLite.Protocol.Options;

namespace BitsLite.Engine.Tests.Support;

/// <summary>Compares job settings setting by setting, lists entry by entry (a record compares its lists by reference).</summary>
internal static class OptionsAssert
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Equal in every setting, secrets (passwords, header values) included.</summary>
    public static void Equal(TransferOptions expected, TransferOptions actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, Json), JsonSerializer.Serialize(actual, Json));
}
