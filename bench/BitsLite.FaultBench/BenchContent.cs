namespace BitsLite.FaultBench;

/// <summary>
/// The two versions of the file every scenario serves: the original, and the one a server switches to when the content
/// changes in mid-download. Pseudo-random from fixed seeds, so that no two regions of either version look alike.
/// </summary>
internal sealed class BenchContent
{
    public BenchContent(int sizeMiB)
    {
        Original = Fill(sizeMiB, seed: 1);
        Changed = Fill(sizeMiB, seed: 2);
    }

    public byte[] Original { get; }

    public byte[] Changed { get; }

    /// <summary>What a tool left at <paramref name="path"/>, judged against both versions and its exit code (null: killed).</summary>
    public Outcome Judge(string path, int? exitCode, bool changeExpected)
    {
        if (!File.Exists(path))
        {
            return new Outcome(Verdict.Fail, exitCode is null ? "killed at the time limit, no file" : $"exit {exitCode}, no file");
        }

        var bytes = File.ReadAllBytes(path);
        var whole = bytes.AsSpan().SequenceEqual(changeExpected ? Changed : Original);
        if (whole)
        {
            return exitCode == 0
                ? new Outcome(changeExpected ? Verdict.OkNewVersion : Verdict.Ok, "")
                : new Outcome(Verdict.Fail, $"exit {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(killed)"} with a whole file");
        }

        if (SplicedAt(bytes) is { } at)
        {
            return new Outcome(Verdict.Corrupt, $"old bytes up to {at:N0}, new ones after");
        }

        return exitCode == 0
            ? new Outcome(Verdict.Corrupt, $"exit 0 with {bytes.Length:N0} wrong bytes")
            : new Outcome(Verdict.Fail, $"exit {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(killed)"}, {bytes.Length:N0} bytes");
    }

    /// <summary>Where the file stops matching the original and goes on with the changed version, if it is such a splice.</summary>
    private long? SplicedAt(byte[] bytes)
    {
        if (bytes.Length != Changed.Length)
        {
            return null;
        }

        var at = bytes.AsSpan().CommonPrefixLength(Original);
        return at > 0 && bytes.AsSpan(at).SequenceEqual(Changed.AsSpan(at)) ? at : null;
    }

    private static byte[] Fill(int sizeMiB, int seed)
    {
        var bytes = new byte[sizeMiB * 1024L * 1024];
#pragma warning disable CA5394 // Test data, not a secret: fixed seeds keep runs alike.
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }
}
