using BitsLite.Cli.Errors;
using BitsLite.Client.Requests;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Arguments;

/// <summary>"SOURCE... DEST" operands as a job's files, by <see cref="TransferFiles"/>'s rules; every problem is a usage error (exit code 2).</summary>
internal static class TransferOperands
{
    public static IReadOnlyList<TransferFileSpec> Files(IReadOnlyList<string> operands, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(operands);
        if (operands.Count < 2)
        {
            throw CliException.Usage("give at least one SOURCE and a DEST (a file path, or an existing directory)");
        }

        try
        {
            return TransferFiles.Build(operands.Take(operands.Count - 1).ToList(), operands[^1], currentDirectory);
        }
        catch (TransferException ex)
        {
            throw CliException.Usage(ex.Message);
        }
    }
}
