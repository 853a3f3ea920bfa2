using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using BitsLite.Protocol.Errors;

namespace BitsLite.Client.Hosting;

/// <summary>
/// Runs the host executable with one of its registration verbs (<c>register</c>, <c>unregister</c>,
/// <c>registration</c>: start the host at logon, stop doing so, show whether it does), so that the CLI and the
/// cmdlets need not know how each platform does it. The host prints human lines and exits 0, 1 or 2.
/// </summary>
public static class HostRegistration
{
    /// <summary>The verbs the host understands.</summary>
    public static IReadOnlyList<string> Verbs { get; } = ["register", "unregister", "registration"];

    /// <summary>
    /// Runs <c>bitslite-host VERB</c> (found as <see cref="HostCommand.Locate"/> finds it) without a shell, with
    /// this process's environment as <see cref="HostCommand.StartInfo"/> passes it (so BITSLITE_HOME and the XDG variables
    /// reach it, secrets do not) and no standard input, and returns its exit code and everything it wrote
    /// to standard output and standard error, in the order it arrived. Cancelling kills the process.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="verb"/> is not one of <see cref="Verbs"/>.</exception>
    /// <exception cref="TransferException"><see cref="TransferErrorCode.HostUnavailable"/>: the host executable cannot be found or started.</exception>
    public static async Task<(int ExitCode, string Output)> RunAsync(string verb, BitsLiteClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verb);
        ArgumentNullException.ThrowIfNull(options);
        if (!Verbs.Contains(verb, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{verb}' is not a registration verb; use {string.Join(", ", Verbs)}.", nameof(verb));
        }

        var command = HostCommand.Locate(options.HostPath);
        var start = command.StartInfo(verb);

        var output = new StringBuilder();
        void Append(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.Append(e.Data).Append('\n');
                }
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            throw new TransferException(TransferErrorCode.HostUnavailable, $"Cannot run the host '{command.FileName}': {ex.Message}", ex);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended by itself meanwhile.
            }

            throw;
        }

        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
