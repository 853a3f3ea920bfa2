using System.Diagnostics;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Hosting;

namespace BitsLite.Client.Hosting;

/// <summary>
/// Starts a host that outlives the caller: no shell, no inherited terminal (its standard streams are
/// pipes closed at once), and the host leaves the caller's session itself. The same code runs on every OS.
/// </summary>
internal static class HostLauncher
{
    public static Process Start(HostCommand command, BitsLitePaths paths, TimeSpan? idleTimeout)
    {
        if (idleTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(idleTimeout), idleTimeout, "The host's idle timeout cannot be negative; zero means it never exits by itself.");
        }

        var arguments = new List<string> { HostCommandLine.StartedByClient };
        if (idleTimeout is { } idle)
        {
            arguments.Add(HostCommandLine.IdleTimeout);
            arguments.Add(idle.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        }

        var start = command.StartInfo([.. arguments]);

        // The data root, not the caller's directory: the host must not keep a directory (or mount) of ours busy.
        start.WorkingDirectory = paths.DataRoot;

        // Paths resolved from BITSLITE_HOME (or chosen by the caller) must be the host's too, whatever our own environment says.
        if (paths.SocketDirectory == paths.DataRoot)
        {
            start.Environment[BitsLitePaths.HomeVariable] = paths.DataRoot;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned nothing.");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new TransferException(TransferErrorCode.HostUnavailable, $"Cannot start the host '{command.FileName}': {ex.Message}", ex);
        }

        // The host writes to its log, never to these; closing them means it holds nothing of our terminal or pipes.
        process.StandardInput.Close();
        process.StandardOutput.Close();
        process.StandardError.Close();
        return process;
    }
}
