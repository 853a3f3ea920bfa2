using System.Text.Json;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Output;

/// <summary>The JSON text of each kind of <c>--json</c> output, ending with a newline.</summary>
internal static class JsonOutput
{
    public static string Transfer(TransferInfo job) => JsonSerializer.Serialize(job, CliJsonContext.Default.TransferInfo) + Environment.NewLine;

    public static string Transfers(List<TransferInfo> jobs) => JsonSerializer.Serialize(jobs, CliJsonContext.Default.ListTransferInfo) + Environment.NewLine;

    public static string Policy(HostPolicy policy) => JsonSerializer.Serialize(policy, CliJsonContext.Default.HostPolicy) + Environment.NewLine;

    public static string HostStatus(HostStatusReport report) => JsonSerializer.Serialize(report, CliJsonContext.Default.HostStatusReport) + Environment.NewLine;
}
