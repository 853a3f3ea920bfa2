using BitsLite.Testing.FaultServing;

namespace BitsLite.FaultBench;

/// <summary>
/// One row of the matrix: what the server does wrong, set up afresh before each tool's run so that every tool meets the
/// same faults from the first request (the server counts requests per path since a resource was last served).
/// </summary>
internal sealed record Scenario(string Name, string Faults, string Path, Action<FaultServer, BenchContent> Serve)
{
    /// <summary>Whether the right end is the new version (the content changes in mid-download).</summary>
    public bool ChangesContent { get; init; }

    /// <summary>The paths whose requests count as this scenario's (redirect hops too).</summary>
    public IReadOnlyList<string> Paths { get; init; } = [Path];

    /// <summary>The matrix of issue 13: every fault with 100 MiB (by default) through one server, plus a clean baseline.</summary>
    public static IReadOnlyList<Scenario> All(int dropAtMiB)
    {
        long at = dropAtMiB * 1024L * 1024;
        var mib = dropAtMiB.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] hops = ["/hop1", "/hop2", "/hop3", "/hop4", "/hop5"];
        return
        [
            new("clean", "none (baseline)", "/clean.bin", (s, c) => s.Serve("/clean.bin", c.Original)),
            new("drop-once", $"connection reset (RST) at {mib} MiB, once", "/drop1.bin",
                (s, c) => s.Serve("/drop1.bin", c.Original, new FaultPlan { DropAfterBytes = at, DropWithReset = true })),
            new("drop-3x", $"reset at {mib} MiB into each of the first 3 responses", "/drop3.bin",
                (s, c) => s.Serve("/drop3.bin", c.Original, new FaultPlan { DropAfterBytes = at, DropTimes = 3, DropWithReset = true })),
            new("503-retry-after", "503 with Retry-After: 1, once", "/busy.bin",
                (s, c) => s.Serve("/busy.bin", c.Original, new FaultPlan { FailStatus = 503, FailTimes = 1, RetryAfter = "1" })),
            new("429-retry-after", "429 with Retry-After: 1, once", "/limited.bin",
                (s, c) => s.Serve("/limited.bin", c.Original, new FaultPlan { FailStatus = 429, FailTimes = 1, RetryAfter = "1" })),
            new("503-bare", "503 without Retry-After, once", "/bare.bin",
                (s, c) => s.Serve("/bare.bin", c.Original, new FaultPlan { FailStatus = 503, FailTimes = 1 })),
            new("ranges-ignored", $"reset at {mib} MiB; the server ignores Range (200, whole body)", "/norange.bin",
                (s, c) => s.Serve("/norange.bin", c.Original, new FaultPlan { DropAfterBytes = at, DropWithReset = true, IgnoreRange = true })),
            new("content-changed", $"reset at {mib} MiB; from the 2nd request on, new content (new ETag)", "/changed.bin",
                (s, c) => s.Serve("/changed.bin", c.Original, new FaultPlan { DropAfterBytes = at, DropWithReset = true, ChangeContentAfterRequests = 1, ChangedContent = c.Changed }))
            {
                ChangesContent = true,
            },
            new("short-body", $"body ends (FIN) at {mib} MiB of the announced length, once", "/short.bin",
                (s, c) => s.Serve("/short.bin", c.Original, new FaultPlan { DropAfterBytes = at })),
            new("5-redirects", "5 redirects (302) before the file", hops[0],
                (s, c) =>
                {
                    for (var i = 0; i < hops.Length; i++)
                    {
                        s.Serve(hops[i], [], new FaultPlan { RedirectTo = i + 1 < hops.Length ? hops[i + 1] : "/target.bin" });
                    }

                    s.Serve("/target.bin", c.Original);
                })
            {
                Paths = [.. hops, "/target.bin"],
            },
        ];
    }
}
