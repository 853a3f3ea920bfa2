using System.Buffers;
using BitsLite.Protocol.Errors;

namespace BitsLite.Protocol.Transfers;

/// <summary>
/// A SHA-256 as text: 64 hexadecimal digits, written in lower case. The one rule for an expected hash, whichever way it
/// comes (<c>--sha256</c>, a checksum file, <c>-ExpectedHash</c>, a request to the host).
/// </summary>
public static class Sha256Text
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The digits of a SHA-256.</summary>
    public const int Length = 64;

    /// <summary>
    /// <paramref name="hash"/> in lower case, with surrounding white space removed; <see langword="null"/> for null or
    /// white space (no hash).
    /// </summary>
    /// <exception cref="TransferException">InvalidArgument: not 64 hexadecimal digits (the message says what it is).</exception>
    public static string? Normalize(string? hash, string? of = null)
    {
        if (string.IsNullOrWhiteSpace(hash))
        {
            return null;
        }

        var text = hash.Trim();
        var forWhat = of is null ? "" : $" for '{of}'";
        if (text.Length != Length)
        {
            throw new TransferException(
                TransferErrorCode.InvalidArgument,
                $"The expected SHA-256{forWhat} must be {Length} hexadecimal digits; '{Shorten(text)}' has {text.Length} characters.");
        }

        if (!IsHex(text))
        {
            throw new TransferException(
                TransferErrorCode.InvalidArgument,
                $"The expected SHA-256{forWhat} must be {Length} hexadecimal digits (0-9, a-f); '{Shorten(text)}' has other characters.");
        }

        return text.ToLowerInvariant();
    }

    /// <summary>Whether <paramref name="text"/> is 64 hexadecimal digits.</summary>
    public static bool IsValid(string? text) => text is { Length: Length } && IsHex(text);

    /// <summary>Lower-case hexadecimal of a digest.</summary>
    public static string FromBytes(ReadOnlySpan<byte> digest) => Convert.ToHexString(digest).ToLowerInvariant();

    private static bool IsHex(string text) => text.AsSpan().IndexOfAnyExcept(HexDigits) < 0;

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
