using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using BitsLite.Benchmarking;
using BitsLite.CheckpointBench;

// bitslite-checkpointbench [--iterations N] [--warmup-seconds S] [--wal-writes N] [--work DIR]
// Times one progress checkpoint's store write (see EngineCheckpoint.cs for exactly what) for a representative job
// (RepresentativeJob.cs) in a fresh store under a new owner-only directory, which is deleted at the end.
// Prints a small Markdown table and, last, one "RESULT key=value ..." line that bench/checkpoint.sh aggregates.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int iterations = 2000, walWrites = 100;
var warmup = TimeSpan.FromSeconds(2);
var workParent = Path.GetTempPath();
try
{
    for (var i = 0; i < args.Length; i++)
    {
        var value = i + 1 < args.Length ? args[i + 1] : throw new FormatException($"{args[i]} needs a value");
        switch (args[i++])
        {
            case "--iterations": iterations = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--warmup-seconds": warmup = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)); break;
            case "--wal-writes": walWrites = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--work": workParent = value; break;
            default: throw new FormatException($"unknown option {args[i - 1]}");
        }
    }
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"bitslite-checkpointbench: {ex.Message}");
    Console.Error.WriteLine("usage: bitslite-checkpointbench [--iterations N (2000)] [--warmup-seconds S (2)] [--wal-writes N (100)] [--work DIR]");
    return 2;
}

const long FileLength = 1L << 30;
const long Step = 64L << 20; // the engine's FlushEveryBytes: a checkpoint at least every 64 MiB per active file
const int StepsPerFile = (int)(FileLength / Step);

var work = Path.Combine(workParent, $"blcp-{Environment.ProcessId}");
Directory.CreateDirectory(work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
try
{
    var database = Path.Combine(work, "home", "jobs.db");
    var notify = Path.Combine(work, "notify.sh");
    File.WriteAllText(notify, "#!/bin/sh\nexit 0\n");
    File.SetUnixFileMode(notify, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    var jobId = await RepresentativeJob.CreateAsync(database, Path.Combine(work, "downloads"), notify);

    using var checkpoint = EngineCheckpoint.Open(database, jobId, FileLength);
    var position = 0;

    // The files are fetched one after the other, as the engine does: 16 checkpoints of 64 MiB each, then the next file.
    void Next(bool timed, List<double>? microseconds)
    {
        var step = position++ % (StepsPerFile * checkpoint.FileCount);
        var (file, bytes) = (step / StepsPerFile, (step % StepsPerFile + 1) * Step);
        checkpoint.Advance(file, bytes);
        var start = Stopwatch.GetTimestamp();
        checkpoint.Write(file, bytes);
        if (timed)
        {
            microseconds!.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
    }

    // WAL bytes: the store was closed by the engine (which deletes an empty WAL) and reopened, so the -wal file only
    // grows during these first writes (SQLite's automatic checkpoint, which lets it wrap, comes at ~1,000 pages).
    var wal = database + "-wal";
    var pageSize = PageSize(database);
    var walDeltas = new List<long>(walWrites);
    Next(timed: false, null); // the first write after opening also writes the WAL's 32-byte header
    for (var i = 0; i < walWrites; i++)
    {
        var before = new FileInfo(wal).Length;
        Next(timed: false, null);
        walDeltas.Add(new FileInfo(wal).Length - before);
    }

    // A host writes checkpoints for hours: time the code the tiered JIT has settled on, not its first versions.
    var warming = Stopwatch.StartNew();
    var warmupWrites = 0;
    while (warming.Elapsed < warmup)
    {
        Next(timed: false, null);
        warmupWrites++;
    }

    Thread.Sleep(200); // lets the last background tier-1 compilations finish

    var times = new List<double>(iterations);
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < iterations; i++)
    {
        Next(timed: true, times);
    }

    clock.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

    times.Sort();
    walDeltas.Sort();
    var walMedian = walDeltas[walDeltas.Count / 2];
    var load = MachineLoad.Current();
    var result = new (string Key, string Label, string Value)[]
    {
        ("median_us", "checkpoint write, median", Us(Percentile(times, 50))),
        ("p95_us", "checkpoint write, p95", Us(Percentile(times, 95))),
        ("p99_us", "checkpoint write, p99", Us(Percentile(times, 99))),
        ("max_us", "checkpoint write, max", Us(times[^1])),
        ("mean_us", "checkpoint write, mean (wall / iterations)", Us(clock.Elapsed.TotalMicroseconds / iterations)),
        ("cpu_us", "process CPU per checkpoint (user + system)", Us(cpu.TotalMicroseconds / iterations)),
        ("alloc_bytes", "managed bytes allocated per checkpoint", (allocated / iterations).ToString(CultureInfo.InvariantCulture)),
        ("wal_bytes", "bytes appended to jobs.db-wal per checkpoint (median)", walMedian.ToString(CultureInfo.InvariantCulture)),
        ("wal_frames", $"WAL frames per checkpoint ({pageSize}-byte pages + 24-byte frame headers)", (walMedian / (pageSize + 24.0)).ToString("0.##", CultureInfo.InvariantCulture)),
        ("wal_bytes_min", "bytes appended per checkpoint, min", walDeltas[0].ToString(CultureInfo.InvariantCulture)),
        ("wal_bytes_max", "bytes appended per checkpoint, max", walDeltas[^1].ToString(CultureInfo.InvariantCulture)),
        ("load", "1-minute load average at the end", load),
    };

    Console.WriteLine($"Checkpoint writes: {iterations} timed after {walWrites + 1 + warmupWrites} untimed ({walWrites} of them for the WAL bytes, {warmupWrites} in a {warmup.TotalSeconds:0.#} s warm-up).");
    Console.WriteLine();
    Console.WriteLine("| measure | value |");
    Console.WriteLine("|---|---:|");
    foreach (var (_, label, value) in result)
    {
        Console.WriteLine($"| {label} | {value} |");
    }

    Console.WriteLine();
    Console.WriteLine("RESULT " + string.Join(' ', result.Select(r => $"{r.Key}={r.Value}")));
    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static double Percentile(List<double> sorted, double percent) =>
    sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

static string Us(double microseconds) => microseconds.ToString("0.0", CultureInfo.InvariantCulture);

// The database header's page size (offset 16, big-endian; 1 means 65536).
static int PageSize(string database)
{
    using var stream = File.OpenRead(database);
    Span<byte> header = stackalloc byte[18];
    stream.ReadExactly(header);
    var size = BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
    return size == 1 ? 65536 : size;
}
