using System.CommandLine;
using System.CommandLine.Parsing;
using BitsLite.Cli.Arguments;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Client;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Cli.Commands;

/// <summary><c>bitslite policy</c> shows the host-wide policy; <c>bitslite policy set</c> changes it.</summary>
internal static class PolicyCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json("the policy");
        var command = new Command("policy", "Show the host-wide policy: the bandwidth shared by background jobs and its schedule, how many jobs run at once, the most files per job and jobs per user, and the network's cost.")
        {
            json,
            CreateSet(context),
        };
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            await using var client = await BitsLiteClient.ConnectAsync(context.ClientOptions, cancellationToken).ConfigureAwait(false);
            var policy = await client.GetPolicyAsync(cancellationToken).ConfigureAwait(false);
            context.Console.Write(result.GetValue(json) ? JsonOutput.Policy(policy) : HostPolicyView.Render(policy));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateSet(CliContext context)
    {
        var bandwidth = new Option<long?>("--background-bandwidth")
        {
            Description = $"The limit shared by all jobs but Foreground ones, in bytes per second: {ByteSizeParser.FormatHelp}.",
            HelpName = "RATE",
            CustomParser = result => OptionValueParsers.ParseSize(result, "--background-bandwidth"),
        };
        var maxActive = new Option<int?>("--max-active-jobs")
        {
            Description = $"How many jobs may transfer at the same time (1 to {HostPolicyChangeBuilder.MaxActiveJobsLimit}).",
            HelpName = "N",
        };
        var maxFiles = new Option<int?>("--max-files-per-job")
        {
            Description = $"The most files one job may have (1 to {HostPolicyRules.MaxFilesPerJobLimit}; default {HostPolicyRules.DefaultMaxFilesPerJob}, as in BITS). "
                + "Jobs that have more keep them.",
            HelpName = "N",
        };
        var maxJobs = new Option<int?>("--max-jobs-per-user")
        {
            Description = $"The most live jobs (not completed or cancelled) one user may have (1 to {HostPolicyRules.MaxJobsPerUserLimit}; "
                + $"default {HostPolicyRules.DefaultMaxJobsPerUser}). Jobs beyond a lowered limit are kept.",
            HelpName = "N",
        };
        var maxConnections = new Option<int?>("--max-connections-per-file")
        {
            Description = $"The most connections one file of a foreground or high job may use (1 to {HostPolicyRules.MaxConnectionsPerFileLimit}; "
                + $"default {HostPolicyRules.DefaultMaxConnectionsPerFile}); a job's --connections above it gets this many. 1 keeps every file on one connection.",
            HelpName = "N",
        };
        var networkCost = new Option<NetworkCostOverride?>("--network-cost")
        {
            Description = "What the host takes the network's cost to be: auto (ask the system: NetworkManager on Linux), or metered or unmetered whatever the system says. "
                + "Jobs whose transfer policy is Unmetered wait while it is metered.",
            HelpName = HostPolicyChangeBuilder.NetworkCostNames,
            CustomParser = ParseNetworkCost,
        };
        var schedule = new Option<IReadOnlyList<BandwidthRule>?>("--schedule")
        {
            Description = "A weekly bandwidth schedule for background jobs, replacing the one set: " + BandwidthSchedule.Grammar
                + ". The first matching rule wins; outside every rule --background-bandwidth applies.",
            HelpName = "RULES",
            CustomParser = ParseSchedule,
        };
        var clearSchedule = new Option<bool>("--clear-schedule")
        {
            Description = "Remove the bandwidth schedule: --background-bandwidth applies at all times.",
        };
        var json = CommonOptions.Json("the new policy");
        var command = new Command("set", "Change the host-wide policy; the host saves it and applies it to running jobs at once.")
        {
            bandwidth,
            maxActive,
            maxFiles,
            maxJobs,
            maxConnections,
            networkCost,
            schedule,
            clearSchedule,
            json,
        };
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            var change = HostPolicyChangeBuilder.Build(
                result.GetValue(bandwidth),
                result.GetValue(maxActive),
                result.GetValue(networkCost),
                result.GetValue(schedule),
                result.GetValue(clearSchedule),
                result.GetValue(maxFiles),
                result.GetValue(maxJobs),
                result.GetValue(maxConnections));
            await using var client = await BitsLiteClient.ConnectAsync(context.ClientOptions, cancellationToken).ConfigureAwait(false);
            var policy = await client.SetPolicyAsync(change, cancellationToken).ConfigureAwait(false);
            context.Console.Write(result.GetValue(json) ? JsonOutput.Policy(policy) : HostPolicyView.Render(policy));
            return ExitCodes.Success;
        });
        return command;
    }

    private static IReadOnlyList<BandwidthRule>? ParseSchedule(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (BandwidthSchedule.TryParse(text, out var rules, out var error))
        {
            return rules;
        }

        result.AddError("--schedule: " + error + ".");
        return null;
    }

    private static NetworkCostOverride? ParseNetworkCost(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (HostPolicyChangeBuilder.TryParseNetworkCost(text, out var cost, out var error))
        {
            return cost;
        }

        result.AddError("--network-cost: " + error + ".");
        return null;
    }
}
