using System.Runtime.InteropServices;

namespace BitsLite.Cli.Output;

/// <summary>
/// Notices that the reader of standard output went away while nothing is being written, as GNU <c>tail -f</c> does: the
/// write end of a pipe whose reader closed polls POLLERR (a closed terminal or socket, POLLHUP). Without it, a watch with
/// nothing to print would outlive its reader (<c>bitslite watch | head -1</c> after head has its line) and hang the
/// shell's pipeline until the next event.
/// </summary>
internal static partial class StandardOutputHangup
{
    private const short PollError = 0x8;
    private const short PollHangUp = 0x10;
    private const short PollInvalid = 0x20;
    private const int Interrupted = 4; // EINTR on Linux and macOS

    /// <summary>Completes when standard output has no reader any more; cancelled with <paramref name="cancellationToken"/>.</summary>
    public static Task WaitAsync(CancellationToken cancellationToken) => OperatingSystem.IsWindows()
        ? Task.Delay(Timeout.Infinite, cancellationToken)
        : Task.Factory.StartNew(() => Poll(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void Poll(CancellationToken cancellationToken)
    {
        // No events asked for: poll reports only error, hang-up and a closed descriptor, and sleeps otherwise (a
        // regular file or /dev/null never reports any).
        var descriptor = new PollDescriptor { Descriptor = 1 };
        while (!cancellationToken.IsCancellationRequested)
        {
            descriptor.ReturnedEvents = 0;
            var ready = PollOne(ref descriptor, 1, 1000);
            if (ready > 0 && (descriptor.ReturnedEvents & (PollError | PollHangUp | PollInvalid)) != 0)
            {
                return;
            }

            if (ready < 0 && Marshal.GetLastPInvokeError() != Interrupted)
            {
                // Cannot tell: fall back to noticing at the next write.
                cancellationToken.WaitHandle.WaitOne();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int PollOne(ref PollDescriptor descriptor, nuint count, int timeoutMilliseconds);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }
}
