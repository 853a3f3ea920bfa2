using System.CommandLine;
using BitsLite.Cli.Errors;
using BitsLite.Protocol.Errors;

namespace BitsLite.Cli.Commands;

/// <summary>
/// Runs a verb's action and turns every way it can end into an exit code and at most one line on standard
/// error: usage problems, the host's refusals (by <see cref="TransferErrorCode"/>), Ctrl+C, a closed standard
/// output, and anything unexpected. No stack trace ever reaches the user.
/// </summary>
internal static class CommandAction
{
    public static void Set(Command command, CliContext context, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(context, () => action(parseResult, cancellationToken), cancellationToken));
    }

    public static async Task<int> RunAsync(CliContext context, Func<Task<int>> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            // System.CommandLine turns Ctrl+C into cancellation only once the action has returned its task: yield first,
            // so that an action that blocks before its first await (a password prompt) can still be interrupted.
            await Task.Yield();
            return await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Console.Message("Interrupted.");
            return ExitCodes.Interrupted;
        }
        catch (OutputClosedException)
        {
            return ExitCodes.Success;
        }
        catch (CliException ex)
        {
            context.Console.Fail(ex.Message);
            return ex.ExitCode;
        }
        catch (TransferException ex)
        {
            context.Console.Fail(ex.Message);
            return ExitCodes.For(ex.Code);
        }
#pragma warning disable CA1031 // The last line of defence: one line instead of a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            context.Console.Fail($"unexpected error ({ex.GetType().Name}): {ex.Message}");
            return ExitCodes.InternalError;
        }
    }
}
