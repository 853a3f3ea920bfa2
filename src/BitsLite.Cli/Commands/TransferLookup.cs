using BitsLite.Cli.Arguments;
using BitsLite.Client;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Commands;

/// <summary>Turns the ids or names users type into job ids; lists the jobs (once) only when one is not a full GUID.</summary>
internal static class TransferLookup
{
    public static async Task<Guid> ResolveAsync(BitsLiteClient client, string text, CancellationToken cancellationToken) =>
        (await ResolveAsync(client, [text], cancellationToken).ConfigureAwait(false))[0];

    public static async Task<IReadOnlyList<Guid>> ResolveAsync(BitsLiteClient client, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.All(t => TransferIdResolver.TryParseFullId(t) is not null))
        {
            return texts.Select(t => TransferIdResolver.TryParseFullId(t)!.Value).ToList();
        }

        var jobs = new List<TransferInfo>();
        await foreach (var job in client.ListAsync(new TransferQuery { WithoutFiles = true }, cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(job);
        }

        // A full GUID is passed through unchecked: the host's answer (NotFound or the job) is the truth.
        return texts.Select(t => TransferIdResolver.TryParseFullId(t) ?? TransferIdResolver.Resolve(t, jobs).Id).ToList();
    }
}
