using System.ComponentModel;
using System.Diagnostics;

namespace BitsLite.Host.Registration;

/// <summary>
/// Runs service-manager programs as child processes: argument lists (never a shell, so paths need no
/// quoting), standard streams captured, and a timeout after which the process tree is killed (a
/// service manager waiting on a bus that never answers must not hang <c>bitslite-host register</c>).
/// </summary>
internal sealed class ServiceManagerRunner(TimeSpan timeout) : IServiceManagerRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public ServiceManagerRunner()
        : this(DefaultTimeout)
    {
    }

    public ServiceManagerResult Run(string program, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception ex)
        {
            return ServiceManagerResult.NotFound($"{program}: {ex.Message}");
        }

        if (process is null)
        {
            return ServiceManagerResult.NotFound($"{program} did not start");
        }

        using (process)
        {
            // Nothing is ever typed into a service manager: an interactive prompt gets end-of-file at once.
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            var started = TimeProvider.System.GetTimestamp();
            if (!process.WaitForExit(timeout))
            {
                Kill(process);
                return ServiceManagerResult.TimedOut(timeout);
            }

            // A grandchild that inherited the pipes could keep them open after the exit: wait no longer than the rest of the timeout.
            var rest = timeout - TimeProvider.System.GetElapsedTime(started);
            var drained = Task.WaitAll([output, error], rest > TimeSpan.Zero ? rest : TimeSpan.Zero);
            return ServiceManagerResult.Exited(
                process.ExitCode,
                drained ? output.GetAwaiter().GetResult() : "",
                drained ? error.GetAwaiter().GetResult() : "");
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // It exited meanwhile, or cannot be killed: the caller reports the timeout either way.
        }
    }
}
