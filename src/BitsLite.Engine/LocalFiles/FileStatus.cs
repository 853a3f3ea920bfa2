namespace BitsLite.Engine.LocalFiles;

/// <summary>What statx(2) says about one file: which file it is (device and inode), whose, how many names it has, and its kind.</summary>
internal readonly record struct FileStatus(ulong Device, ulong Inode, uint Owner, uint Links, UnixFileKind Kind)
{
    /// <summary>The identity to record for a part file created (or adopted) by this process.</summary>
    public PartFileIdentity Identity => new(Device, Inode, Owner);

    /// <summary>Whether both describe the same file (same device and inode).</summary>
    public bool IsSameFile(FileStatus other) => Device == other.Device && Inode == other.Inode;

    /// <summary>
    /// Why this is not a part file BitsLite may write, or <see langword="null"/> when it is: a regular file, owned by
    /// <paramref name="recorded"/>'s owner (or, with none recorded, by this process's user), with no other name (a hard
    /// link planted by someone else has two), and, when an identity was recorded at creation, that very file.
    /// </summary>
    public string? WhyNotOurs(PartFileIdentity? recorded)
    {
        var owner = recorded?.Owner ?? UnixFiles.EffectiveUserId;
        return this switch
        {
            { Kind: UnixFileKind.SymbolicLink } => "is a symbolic link",
            { Kind: not UnixFileKind.Regular } => "is not a regular file",
            _ when Owner != owner => $"belongs to user id {Owner}, not {owner}",
            { Links: not 1 } => $"has {Links} names (a hard link)",
            _ when recorded is { } id && (id.Device != Device || id.Inode != Inode) => "is another file than the one BitsLite created there",
            _ => null,
        };
    }
}
