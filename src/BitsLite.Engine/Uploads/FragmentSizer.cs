namespace BitsLite.Engine.Uploads;

/// <summary>
/// Sizes one upload attempt's fragments. Each fragment waits for its Ack, and while the server takes in the last bytes
/// of one (a few MiB sit in socket buffers) nothing else is sent: small fragments waste a fast link. So the first
/// fragment carries 8 MiB (or the maximum, when that is smaller), and each full one sets the next to about one second
/// at the rate it went, between 64 KiB and the maximum (<see cref="TransferEngineOptions.UploadFragmentSize"/>): slow or
/// throttled uploads keep small fragments, fast ones large. A fragment refused as too large by something in front of
/// the server (413, or a 404 that is not a BITS Ack: IIS request filtering answers 404.13) halves the maximum.
/// </summary>
internal sealed class FragmentSizer
{
    public const long Initial = 8L * 1024 * 1024;
    public const long Minimum = 64 * 1024;

    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);

    private long _maximum;

    public FragmentSizer(long maximum)
    {
        _maximum = maximum;
        Next = Math.Min(maximum, Initial);
    }

    /// <summary>How many bytes the next fragment should carry.</summary>
    public long Next { get; private set; }

    private long Floor => Math.Min(Minimum, _maximum);

    /// <summary>A fragment of <paramref name="length"/> bytes was acknowledged <paramref name="took"/> after it started.</summary>
    public void Sent(long length, TimeSpan took)
    {
        if (length < Next || took <= TimeSpan.Zero)
        {
            // The file's short last fragment says little about the rate.
            return;
        }

        var fit = length / took.TotalSeconds * Target.TotalSeconds;
        Next = (long)Math.Min(_maximum, Math.Max(Floor, fit));
    }

    /// <summary>A fragment of <paramref name="length"/> bytes was refused as too large; false when it cannot get smaller.</summary>
    public bool RefusedAsTooLarge(long length)
    {
        if (length <= Floor)
        {
            return false;
        }

        _maximum = Math.Max(Floor, length / 2);
        Next = Math.Min(Next, _maximum);
        return true;
    }
}
