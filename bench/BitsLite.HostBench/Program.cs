using System.Globalization;
using BitsLite.HostBench;
using BitsLite.Protocol.Errors;

// bitslite-hostbench --host PATH [--cli PATH] [options] cold-start idle list
// Prints a Markdown report on stdout (progress on stderr). Every host it starts is stopped and every
// temporary home deleted, also when a measurement fails. See bench/host.sh.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"bitslite-hostbench: {ex.Message}");
    Console.Error.WriteLine(BenchSettings.Usage);
    return 2;
}

using var workspace = new BenchWorkspace(settings);
try
{
    foreach (var mode in settings.Modes)
    {
        Console.Error.WriteLine($"bitslite-hostbench: {mode} [{DateTime.Now:HH:mm:ss}]");
        switch (mode)
        {
            case "cold-start": await ColdStartBenchmark.RunAsync(settings, workspace); break;
            case "idle": await IdleBenchmark.RunAsync(settings, workspace); break;
            case "list": await ListBenchmark.RunAsync(settings, workspace); break;
        }
    }

    return 0;
}
catch (TransferException ex)
{
    Console.Error.WriteLine($"bitslite-hostbench: {ex.Message} ({ex.Code})");
    return 1;
}
