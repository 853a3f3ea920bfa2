namespace BitsLite.FaultBench;

/// <summary>How a tool's run ended, as the matrix reports it.</summary>
internal enum Verdict
{
    /// <summary>Exit 0 and the file is the one served.</summary>
    Ok,

    /// <summary>Exit 0 and the file is the new version of one whose content changed mid-way: it was fetched whole.</summary>
    OkNewVersion,

    /// <summary>No correct file, and the tool said so (non-zero exit) or was killed at the time limit.</summary>
    Fail,

    /// <summary>A splice of the two versions, or wrong bytes under exit 0: the tool delivered a bad file.</summary>
    Corrupt,
}

/// <summary>A run's verdict and, unless it is OK, what was seen.</summary>
internal sealed record Outcome(Verdict Verdict, string Detail)
{
    public string Label => Verdict switch
    {
        Verdict.Ok => "OK",
        Verdict.OkNewVersion => "OK-v2",
        Verdict.Fail => "FAIL",
        _ => "CORRUPT",
    };
}
