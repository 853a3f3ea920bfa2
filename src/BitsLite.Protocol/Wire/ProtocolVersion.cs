namespace BitsLite.Protocol.Wire;

/// <summary>The version of the client–host protocol. A change that an older peer would misread bumps it.</summary>
/// <remarks>
/// 4: a file may carry an expected SHA-256 (<c>expectedHash</c>), which a host of version 3 would drop without a word,
/// downloading the file unchecked; files report <c>expectedHash</c> and <c>verifiedHash</c>.
/// </remarks>
public static class ProtocolVersion
{
    /// <summary>The version this build speaks.</summary>
    public const int Current = 4;
}
