using System.Diagnostics;

namespace BitsLite.FaultBench;

/// <summary>A downloader in the matrix: how to start it for one URL and output file, and its command as the report shows it.</summary>
internal sealed record Tool(string Name, string Shown, Func<Uri, string, ProcessStartInfo> Start)
{
    /// <summary>
    /// curl, wget and aria2c as a user scripting reliable downloads would run them: retrying (5 tries, 1 s apart at
    /// first), following redirects, failing on HTTP errors; wget and aria2c also retry 429/503, which they do not by default.
    /// </summary>
    public static Tool Peer(string name) => name switch
    {
        "curl" => Command(name, "curl -sS --fail -L --retry 5 --retry-all-errors -o OUT URL", (url, output) => ["-sS", "--fail", "-L", "--retry", "5", "--retry-all-errors", "-o", output, url.AbsoluteUri]),
        "wget" => Command(name, "wget -q --tries=5 --waitretry=1 --retry-on-http-error=429,503 -O OUT URL", (url, output) => ["-q", "--tries=5", "--waitretry=1", "--retry-on-http-error=429,503", "-O", output, url.AbsoluteUri]),
        "aria2c" => Command(name, "aria2c -q -x1 -s1 --max-tries=5 --retry-wait=1 --allow-overwrite=true --auto-file-renaming=false --file-allocation=none -d DIR -o NAME URL",
            (url, output) => ["-q", "-x1", "-s1", "--max-tries=5", "--retry-wait=1", "--allow-overwrite=true", "--auto-file-renaming=false", "--file-allocation=none", "-d", Path.GetDirectoryName(output)!, "-o", Path.GetFileName(output), url.AbsoluteUri]),
        _ => throw new FormatException($"Unknown tool '{name}': curl, wget, aria2c or bitslite."),
    };

    /// <summary><c>bitslite transfer URL OUT</c> at default settings, against the bench's host (already running).</summary>
    public static Tool BitsLite(string cli, BenchHost host) => new("bitslite", "bitslite transfer URL OUT", (url, output) =>
    {
        var start = Process(cli, ["transfer", url.AbsoluteUri, output]);
        start.Environment["BITSLITE_HOME"] = host.DataRoot;
        start.Environment["BITSLITE_HOST_PATH"] = host.HostPath;
        return start;
    });

    private static Tool Command(string program, string shown, Func<Uri, string, string[]> arguments) =>
        new(program, shown, (url, output) => Process(program, arguments(url, output)));

    private static ProcessStartInfo Process(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Loopback only, for every tool alike: no proxy from the environment.
        foreach (var variable in new[] { "http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY" })
        {
            start.Environment.Remove(variable);
        }

        return start;
    }
}
