using System.Globalization;

namespace BitsLite.Engine.LocalFiles;

/// <summary>
/// Which file a part file is (device and inode) and who owns it, as recorded in the job store when BitsLite created it:
/// on resume and on Complete the file at the part file's path must still be this one, or it is not written nor moved.
/// </summary>
internal readonly record struct PartFileIdentity(ulong Device, ulong Inode, uint Owner)
{
    /// <summary>The stored form, "device:inode:owner".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Device}:{Inode}:{Owner}");

    /// <summary>Reads the stored form; <see langword="null"/> for none (a store from before identities were recorded) or an unreadable one.</summary>
    public static PartFileIdentity? Parse(string? text)
    {
        var parts = text?.Split(':');
        return parts is [var device, var inode, var owner]
            && ulong.TryParse(device, NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            && ulong.TryParse(inode, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && uint.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var o)
                ? new PartFileIdentity(d, i, o)
                : null;
    }
}
