using System.CommandLine;
using System.CommandLine.Parsing;
using BitsLite.Cli.Arguments;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Client;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Commands;

/// <summary><c>bitslite list</c>: a table (or JSON array) of jobs; live ones by default.</summary>
internal static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Include finished jobs (Acknowledged and Cancelled)." };
        var states = new Option<TransferState[]>("--state", "-s")
        {
            Description = $"Only jobs in this state; repeat or separate with commas for several ({StateParser.Names}).",
            HelpName = "STATE",
            CustomParser = ParseStates,
        };
        var json = CommonOptions.Json("the jobs (an array)");
        var command = new Command("list", "List jobs: by default those not yet completed or cancelled.")
        {
            all,
            states,
            json,
        };
        command.Aliases.Add("ls");
        CommandAction.Set(command, context, async (result, cancellationToken) =>
        {
            var wanted = result.GetValue(states) ?? [];
            var includeFinished = result.GetValue(all);
            var query = new TransferQuery
            {
                LiveOnly = !includeFinished && wanted.Length == 0,
                States = wanted.Length > 0 ? wanted : null,

                // The table shows totals only; JSON keeps the files for scripts.
                WithoutFiles = !result.GetValue(json),
            };
            await using var client = await BitsLiteClient.ConnectAsync(context.ClientOptions, cancellationToken).ConfigureAwait(false);
            var jobs = client.ListAsync(query, cancellationToken).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                var list = new List<TransferInfo>();
                await foreach (var job in jobs)
                {
                    list.Add(job);
                }

                context.Console.Write(JsonOutput.Transfers(list));
                return ExitCodes.Success;
            }

            var table = new TransferListView();
            await foreach (var job in jobs)
            {
                table.Add(job);
            }

            if (table.Count == 0)
            {
                context.Console.Message(query.LiveOnly ? "No jobs. ('bitslite list --all' includes completed and cancelled ones.)" : "No jobs.");
            }
            else
            {
                context.Console.Write(table.Render());
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static TransferState[] ParseStates(ArgumentResult result)
    {
        var states = new List<TransferState>();
        foreach (var token in result.Tokens)
        {
            if (!StateParser.TryParse(token.Value, states, out var error))
            {
                result.AddError("--state: " + error + ".");
                return [];
            }
        }

        return [.. states.Distinct()];
    }
}
