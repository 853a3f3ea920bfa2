using BitsLite.Engine;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

// bitslite-bench [--max-bandwidth B/s] [--background-bandwidth B/s] [--priority P] [--timings FILE] URL OUT [URL OUT ...]
// bitslite-bench --upload|--put [--fragment-size B] [...] FILE URL
// Drives the engine alone (until the CLI exists): one job with the given files, waits, completes. --upload sends FILE
// to URL with the BITS upload protocol, --put with one plain PUT.
// --timings appends "startup_s transfer_s complete_s bytes" to FILE: process start to job created,
// Resume to Transferred (what a warm host spends), and Complete.
var args2 = new List<string>(args);
long? maxBandwidth = null, background = null;
string? timings = null;
var priority = TransferPriority.Foreground;
UploadMethod? upload = null;
long? fragmentSize = null;
try
{
    for (var i = 0; i < args2.Count - 1;)
    {
        switch (args2[i])
        {
            case "--max-bandwidth": maxBandwidth = long.Parse(args2[i + 1], System.Globalization.CultureInfo.InvariantCulture); args2.RemoveRange(i, 2); break;
            case "--background-bandwidth": background = long.Parse(args2[i + 1], System.Globalization.CultureInfo.InvariantCulture); args2.RemoveRange(i, 2); break;
            case "--timings": timings = args2[i + 1]; args2.RemoveRange(i, 2); break;
            case "--priority": priority = Enum.Parse<TransferPriority>(args2[i + 1], ignoreCase: true); args2.RemoveRange(i, 2); break;
            case "--upload": upload = UploadMethod.Bits; args2.RemoveAt(i); break;
            case "--put": upload = UploadMethod.Put; args2.RemoveAt(i); break;
            case "--fragment-size": fragmentSize = long.Parse(args2[i + 1], System.Globalization.CultureInfo.InvariantCulture); args2.RemoveRange(i, 2); break;
            default: i++; break;
        }
    }
}
catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
{
    Console.Error.WriteLine($"bitslite-bench: {ex.Message}");
    args2.Clear();
}

if (args2.Count < 2 || args2.Count % 2 != 0 || (upload is not null && args2.Count != 2))
{
    Console.Error.WriteLine("usage: bitslite-bench [--max-bandwidth B/s] [--background-bandwidth B/s] [--priority P] [--timings FILE] URL OUT [URL OUT ...]");
    Console.Error.WriteLine("       bitslite-bench --upload|--put [--fragment-size B] [--max-bandwidth B/s] [--timings FILE] FILE URL");
    return 2;
}

var files = new List<TransferFileSpec>();
for (var i = 0; i < args2.Count; i += 2)
{
    files.Add(upload is null ? new TransferFileSpec(args2[i], Path.GetFullPath(args2[i + 1])) : new TransferFileSpec(Path.GetFullPath(args2[i]), args2[i + 1]));
}

var home = Path.Combine(Path.GetTempPath(), $"bitslite-bench-home-{Environment.ProcessId}");
try
{
    return await RunAsync();
}
catch (TransferException ex)
{
    Console.Error.WriteLine($"bitslite-bench: {ex.Message} ({ex.Code})");
    return 2;
}
finally
{
    if (Directory.Exists(home))
    {
        Directory.Delete(home, recursive: true);
    }
}

// One job, waited for on events. The driver is a measuring tool, not the CLI: it gives up at the first
// error (transient ones included) and cancels the job, which deletes its temporary files.
async Task<int> RunAsync()
{
    var options = new TransferEngineOptions
    {
        DatabasePath = Path.Combine(home, "jobs.db"),
        BackgroundBandwidth = background,
        MaxFilesPerJob = Math.Max(200, files.Count),
    };
    await using var engine = await TransferEngine.OpenAsync(fragmentSize is { } most ? options with { UploadFragmentSize = most } : options);
    var job = await engine.CreateAsync(new TransferRequest
    {
        Files = files,
        Suspended = true,
        TransferType = upload is null ? TransferType.Download : TransferType.Upload,
        Options = new() { Priority = priority, MaxBandwidth = maxBandwidth, UploadMethod = upload ?? UploadMethod.Bits },
    });
    using var events = engine.Subscribe(job.Id);
    var startup = DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime;
    var watch = System.Diagnostics.Stopwatch.StartNew();
    await engine.ResumeAsync(job.Id);
    TransferInfo? last = null;
    await foreach (var e in events.Reader.ReadAllAsync())
    {
        if (e.Transfer.State is TransferState.Transferred or TransferState.Error or TransferState.TransientError)
        {
            last = e.Transfer;
            break;
        }
    }

    if (last?.State != TransferState.Transferred)
    {
        Console.Error.WriteLine($"bitslite-bench: {last?.State}: {last?.Error?.Description}");
        await engine.CancelAsync(job.Id);
        return 1;
    }

    var transfer = watch.Elapsed;
    await engine.CompleteAsync(job.Id);
    if (timings is not null)
    {
        File.AppendAllText(timings, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{startup.TotalSeconds:0.000} {transfer.TotalSeconds:0.000} {(watch.Elapsed - transfer).TotalSeconds:0.000} {last.BytesTransferred}\n"));
    }

    return 0;
}
