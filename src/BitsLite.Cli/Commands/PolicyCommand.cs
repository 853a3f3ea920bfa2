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
        var command = new Command("policy", "Show the host-wide policy: the bandwidth shared by background jobs, how many jobs run at once, and the network's cost.")
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
            CustomParser = result => JobSettingsOptions.ParseSize(result, "--background-bandwidth"),
        };
        var maxActive = new Option<int?>("--max-active-jobs")
        {
            Description = $"How many jobs may transfer at the same time (1 to {HostPolicyChangeBuilder.MaxActiveJobsLimit}).",
            HelpName = "N",
        };
        var networkCost = new Option<NetworkCostOverride?>("--network-cost")
        {
            Description = "What the host takes the network's cost to be: auto (ask the system: NetworkManager on Linux), or metered or unmetered whatever the system says. "
                + "Jobs whose transfer policy is Unmetered wait while it is metered.",
            HelpName = HostPolicyChangeBuilder.NetworkCostNames,
            CustomParser = ParseNetworkCost,
        };
        var json = CommonOptions.Json("the new policy");
        var command = new Command("set", "Change the host-wide policy; the host saves it and applies it to running jobs at once.")
        {
            bandwidth,
            maxActive,
            networkCost,
            json,
        };
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            var change = HostPolicyChangeBuilder.Build(result.GetValue(bandwidth), result.GetValue(maxActive), result.GetValue(networkCost));
            await using var client = await BitsLiteClient.ConnectAsync(context.ClientOptions, cancellationToken).ConfigureAwait(false);
            var policy = await client.SetPolicyAsync(change, cancellationToken).ConfigureAwait(false);
            context.Console.Write(result.GetValue(json) ? JsonOutput.Policy(policy) : HostPolicyView.Render(policy));
            return ExitCodes.Success;
        });
        return command;
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
