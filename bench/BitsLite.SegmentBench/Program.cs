using System.Globalization;
using BitsLite.Testing.FaultServing;

// bitslite-segmentbench FILE BYTES_PER_SECOND: serves FILE at http://127.0.0.1:PORT/file.bin from the tests' FaultServer
// (Range, If-Range, strong ETag), pacing EACH response, so each connection, to BYTES_PER_SECOND. Prints the URL on one
// line of stdout, then serves until its standard input closes; on exit it prints how many requests it served.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length != 2 || !File.Exists(args[0]) || !long.TryParse(args[1], out var rate) || rate <= 0)
{
    Console.Error.WriteLine("usage: bitslite-segmentbench FILE BYTES_PER_SECOND");
    return 2;
}

await using var server = await FaultServer.StartAsync();
server.Serve("/file.bin", await File.ReadAllBytesAsync(args[0]), new FaultPlan { BytesPerSecond = rate });
Console.WriteLine(server.Url("/file.bin"));
await Console.Out.FlushAsync();
await Console.In.ReadToEndAsync();
Console.Error.WriteLine($"served {server.RequestsFor("/file.bin").Count} requests");
return 0;
