using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace BitsLite.Engine.Verification;

/// <summary>
/// Hashes a file that several connections write at once (a segmented download) as it fills: from byte 0 up to the end
/// of what is written without a hole (<c>frontier</c>), read back from the file, which has just been written and is still
/// in the page cache. So the hash keeps pace with the first segment, catches up over each later segment as the one
/// before it completes, and has little left when the last byte arrives; and the bytes already on disk when an attempt
/// starts (after a crash, say) are simply the first it reads. One task does the hashing, woken by <see cref="Moved"/>.
/// </summary>
internal sealed class FollowingHasher : IDisposable
{
    private const int ReadSize = 1024 * 1024;

    private readonly SafeFileHandle _file;
    private readonly Func<long> _frontier;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly SemaphoreSlim _moved = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _hashing;
    private long _hashed;
    private long _end = long.MaxValue;
    private int _disposed;

    /// <param name="file">The file being written (read with positioned reads, so the writers' positions do not matter).</param>
    /// <param name="frontier">How far the file is written from byte 0 without a hole; it only grows.</param>
    public FollowingHasher(SafeFileHandle file, Func<long> frontier)
    {
        _file = file;
        _frontier = frontier;
        _hashing = Task.Run(HashAsync);
    }

    /// <summary>Bytes in the hash so far.</summary>
    public long Hashed => Interlocked.Read(ref _hashed);

    /// <summary>Tells the hashing that the frontier may have moved; cheap, and called by the writers after each write.</summary>
    public void Moved()
    {
        if (Volatile.Read(ref _disposed) == 0 && _moved.CurrentCount == 0)
        {
            try
            {
                _moved.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another writer woke it in between: once is enough.
            }
        }
    }

    /// <summary>Hashes up to <paramref name="length"/> (every byte of it written) and returns the SHA-256 of the file's first <paramref name="length"/> bytes.</summary>
    /// <exception cref="IOException">The file could not be read back, or ended early.</exception>
    public async Task<byte[]> FinishAsync(long length)
    {
        Interlocked.Exchange(ref _end, length);
        Moved();
        await _hashing.ConfigureAwait(false);
        return _hash.GetHashAndReset();
    }

    private async Task HashAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            while (true)
            {
                var end = Interlocked.Read(ref _end);
                var upTo = Math.Min(_frontier(), end);
                if (_hashed >= end)
                {
                    return;
                }

                if (_hashed >= upTo)
                {
                    await _moved.WaitAsync(_stop.Token).ConfigureAwait(false);
                    continue;
                }

                var read = await RandomAccess.ReadAsync(_file, buffer.AsMemory(0, (int)Math.Min(ReadSize, upTo - _hashed)), _hashed, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"The file ended after {_hashed:N0} bytes, before the {upTo:N0} written.");
                }

                _hash.AppendData(buffer, 0, read);
                Interlocked.Add(ref _hashed, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Stops the hashing (an attempt that failed) and waits for it, so the file may be closed. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        ((IAsyncResult)_hashing).AsyncWaitHandle.WaitOne();
        _hash.Dispose();
        _moved.Dispose();
        _stop.Dispose();
    }
}
