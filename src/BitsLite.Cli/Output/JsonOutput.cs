using System.Text.Json;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Output;

/// <summary>The JSON text of each kind of <c>--json</c> output, ending with a newline.</summary>
internal static class JsonOutput
{
    public static string Transfer(TransferInfo job) => JsonSerializer.Serialize(Redacted(job), CliJsonContext.Default.TransferInfo) + Environment.NewLine;

    public static string Transfers(List<TransferInfo> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return JsonSerializer.Serialize(jobs.ConvertAll(Redacted), CliJsonContext.Default.ListTransferInfo) + Environment.NewLine;
    }

    /// <summary>
    /// The job with its settings redacted (no password, no header value). The host never returns them, but output must
    /// not depend on that: a secret left out is one that cannot end up in a log or a CI transcript.
    /// </summary>
    public static TransferInfo Redacted(TransferInfo job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job with { Options = job.Options.Redacted() };
    }

    public static string Policy(HostPolicy policy) => JsonSerializer.Serialize(policy, CliJsonContext.Default.HostPolicy) + Environment.NewLine;

    public static string HostStatus(HostStatusReport report) => JsonSerializer.Serialize(report, CliJsonContext.Default.HostStatusReport) + Environment.NewLine;
}
