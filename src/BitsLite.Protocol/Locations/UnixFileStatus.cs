namespace BitsLite.Protocol.Locations;

/// <summary>What the kernel says about one file (lstat or fstat): its kind, its mode bits and its owner.</summary>
/// <param name="Kind">A directory, a regular file, a symbolic link (lstat only) or anything else.</param>
/// <param name="Mode">The permission bits, with the set-user, set-group and sticky bits.</param>
/// <param name="OwnerId">The owning user id.</param>
internal readonly record struct UnixFileStatus(UnixFileKind Kind, UnixFileMode Mode, uint OwnerId)
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Whether anyone but the owner has any permission on it.</summary>
    public bool OpenToOthers => (Mode & GroupOrOther) != 0;

    /// <summary>Whether someone other than the owner may create, rename or delete entries in it (a directory without the sticky bit).</summary>
    public bool WritableByOthers => (Mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0 && (Mode & UnixFileMode.StickyBit) == 0;

    /// <summary>Whether everyone may create entries in it (a shared directory such as /tmp).</summary>
    public bool Shared => (Mode & UnixFileMode.OtherWrite) != 0;

    /// <summary>The mode as ls and chmod show it, e.g. "1777" or "0644".</summary>
    public string Octal => Convert.ToString((int)Mode, 8).PadLeft(4, '0');

    /// <summary>Decodes a st_mode / stx_mode value (the file type in bits 12-15, the same on Linux and macOS).</summary>
    public static UnixFileStatus FromMode(uint mode, uint ownerId) => new(
        (mode & 0xF000) switch
        {
            0x4000 => UnixFileKind.Directory,
            0x8000 => UnixFileKind.RegularFile,
            0xA000 => UnixFileKind.SymbolicLink,
            _ => UnixFileKind.Other,
        },
        (UnixFileMode)(mode & 0xFFF),
        ownerId);
}
