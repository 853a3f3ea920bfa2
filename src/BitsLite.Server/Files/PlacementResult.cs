namespace BitsLite.Server.Files;

/// <summary>What placing a finished file at its final name came to.</summary>
internal enum PlacementResult
{
    /// <summary>The file is at its final name.</summary>
    Placed,

    /// <summary>A file of that name exists and overwriting is not allowed; the data was dropped.</summary>
    AlreadyExists,
}
