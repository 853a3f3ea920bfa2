using BitsLite.Cli.Output;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Commands;

/// <summary>How verbs that return jobs print them: JSON, or a summary line and the next step.</summary>
internal static class JobOutput
{
    /// <summary>One job: JSON object, or "Created 'isos' (0f8fad5b): Queued, …" and what to do next (on standard error).</summary>
    public static void WriteJob(CliContext context, TransferInfo job, bool json, string verb)
    {
        if (json)
        {
            context.Console.Write(JsonOutput.Transfer(job));
            return;
        }

        context.Console.WriteLine($"{verb} {TransferText.Summary(job)}");
        if (TransferText.NextStep(job) is { } next)
        {
            context.Console.Message("Next: " + next + ".");
        }
    }
}
