namespace BitsLite.Engine.LocalFiles;

/// <summary>What <see cref="SpaceReservation.Reserve"/> did.</summary>
internal enum ReservationOutcome
{
    /// <summary>The blocks are the file's: writing them cannot run out of space.</summary>
    Reserved,

    /// <summary>This system or file system cannot reserve; compare the free space instead.</summary>
    NotSupported,

    /// <summary>The file system has too little free space (ENOSPC).</summary>
    NoSpace,

    /// <summary>The user's disk quota is too small (EDQUOT).</summary>
    QuotaExceeded,

    /// <summary>The file is larger than this file system allows one file to be (EFBIG; FAT's 4 GiB, say).</summary>
    FileTooBig,
}
