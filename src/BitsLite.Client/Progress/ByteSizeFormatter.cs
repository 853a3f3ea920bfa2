using BitsLite.Protocol.Text;

namespace BitsLite.Client.Progress;

/// <summary>Sizes and rates for people, in binary units (B, KiB, MiB, GiB, TiB), invariant culture.</summary>
public static class ByteSizeFormatter
{
    /// <summary>"512 B", "1.5 KiB", "12.3 MiB", "1.02 GiB"; "?" for a negative (unknown) size.</summary>
    public static string Format(long bytes) => ByteSizeText.Format(bytes);

    /// <summary>"3.1 MiB/s".</summary>
    public static string FormatRate(double bytesPerSecond) =>
        Format((long)Math.Round(Math.Max(0, bytesPerSecond))) + "/s";

    /// <summary>A limit: "2.00 MiB/s", or "none".</summary>
    public static string FormatLimit(long? bytesPerSecond) =>
        bytesPerSecond is > 0 ? Format(bytesPerSecond.Value) + "/s" : "none";
}
