using System.Buffers;
using System.Security.Cryptography;
using BitsLite.Engine.Jobs;
using BitsLite.Engine.LocalFiles;
using BitsLite.Engine.Transport;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Verification;

/// <summary>
/// Checks one download attempt's file against its expected SHA-256 and the digests its server sent
/// (<see cref="ServerDigests"/>): the hash is computed while the bytes arrive (<see cref="HashingReadStream"/>), after
/// the bytes already in the temporary file, read back once when the attempt starts. So a resume after a crash or a
/// dropped connection hashes what is on disk plus what the network adds, and a restart from zero (a server that
/// ignores ranges, a changed file) starts a new hash with it. A file that several connections fill at once is hashed
/// behind them instead (<see cref="Follow"/>, <see cref="FollowingHasher"/>), from the bytes on disk.
/// </summary>
internal sealed class FileVerifier : IDisposable
{
    private const int ReadBackBuffer = 1024 * 1024;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly string? _expected;
    private readonly IReadOnlyList<ServerDigest> _digests;
    private readonly string _tempPath;
    private HashingReadStream? _body;
    private FollowingHasher? _follower;

    private FileVerifier(string? expected, IReadOnlyList<ServerDigest> digests, string tempPath)
    {
        _expected = expected;
        _digests = digests;
        _tempPath = tempPath;
    }

    /// <summary>
    /// Starts checking a file that several connections write at once, each into its own part: the hash follows the bytes
    /// written from 0 without a hole (<paramref name="frontier"/>; call <see cref="Moved"/> after each write), the bytes
    /// already on disk first. <see langword="null"/> when there is nothing to check the file against.
    /// </summary>
    public static FileVerifier? Follow(string? expected, IReadOnlyList<ServerDigest> digests, PartFile part, Func<long> frontier)
    {
        if (expected is null && digests.Count == 0)
        {
            return null;
        }

        return new FileVerifier(expected, digests, part.Path) { _follower = new FollowingHasher(part.Stream.SafeFileHandle, frontier) };
    }

    /// <summary>For a verifier made by <see cref="Follow"/>: the frontier may have moved.</summary>
    public void Moved() => _follower?.Moved();

    /// <summary>
    /// Starts checking an attempt whose response begins at <see cref="SourceResponse.Offset"/> (the temporary file
    /// already cut to that length): hashes the bytes on disk before it, then makes the response's body add the rest.
    /// <see langword="null"/> when there is nothing to check the file against (no expected hash, no digest), so such
    /// downloads pay nothing.
    /// </summary>
    /// <exception cref="TransferFailure">The temporary file could not be read back.</exception>
    public static async Task<FileVerifier?> StartAsync(string? expected, SourceResponse response, PartFile part, CancellationToken cancellationToken)
    {
        if (expected is null && response.Digests.Count == 0)
        {
            return null;
        }

        var verifier = new FileVerifier(expected, response.Digests, part.Path);
        try
        {
            await verifier.ReadBackAsync(part, response.Offset, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            verifier.Dispose();
            throw;
        }

        response.WrapBody(body => verifier._body = new HashingReadStream(body, verifier._hash));
        return verifier;
    }

    /// <summary>
    /// Once every byte was written: records the hash as <see cref="TransferFile.VerifiedHash"/> when it matches. When it
    /// does not, the file is put back to nothing received (on record, so neither a resume nor a restart trusts its bytes;
    /// they stay in the temporary file to be looked at until the job resumes or is cancelled) and the attempt fails.
    /// </summary>
    /// <exception cref="TransferFailure">Fatal, naming both hashes, when one does not match.</exception>
    public async Task VerifyAsync(TransferJob job, TransferFile file, JobStateChanger changer, long length)
    {
        byte[] hash;
        if (_follower is not null)
        {
            try
            {
                hash = await _follower.FinishAsync(length).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw FailureClassifier.FromLocalFile(ex, _tempPath);
            }
        }
        else
        {
            if (_body is not null)
            {
                await _body.HashedAsync().ConfigureAwait(false);
            }

            hash = _hash.GetHashAndReset();
        }

        var actual = Sha256Text.FromBytes(hash);
        var mismatch = Mismatch(actual, file.Destination);
        if (mismatch is null)
        {
            lock (job.Gate)
            {
                file.VerifiedHash = actual;
            }

            return;
        }

        changer.Checkpoint(job, file, f =>
        {
            (f.BytesTransferred, f.CheckpointedBytes, f.Validator, f.VerifiedHash, f.Segments) = (0, 0, null, null, null);
        });
        throw TransferFailure.Fatal(
            TransferErrorContext.RemoteFile,
            $"{mismatch} The file was not kept: its bytes stay in '{_tempPath}' until the job is resumed (which downloads it again from the start) or cancelled.");
    }

    /// <summary>What does not match, or <see langword="null"/> when everything does.</summary>
    internal string? Mismatch(string actual, string destination)
    {
        if (_expected is not null && _expected != actual)
        {
            return $"SHA-256 mismatch for '{destination}': expected {_expected}, got {actual}.";
        }

        foreach (var digest in _digests)
        {
            if (digest.Hash != actual)
            {
                return $"SHA-256 mismatch for '{destination}': the server's {digest.Header} says {digest.Hash}, the bytes received hash to {actual}.";
            }
        }

        return null;
    }

    private async Task ReadBackAsync(PartFile part, long length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ReadBackBuffer);
        try
        {
            var handle = part.Stream.SafeFileHandle;
            for (long at = 0; at < length;)
            {
                var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - at)), at, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"The file ended after {at:N0} of the {length:N0} bytes already received.");
                }

                _hash.AppendData(buffer, 0, read);
                at += read;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw FailureClassifier.FromLocalFile(ex, part.Path);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Disposes the hash once the body (the response's, disposed with it first) or the follower no longer adds to it.</summary>
    public void Dispose()
    {
        _follower?.Dispose();
        if (_body is not null)
        {
            ((IAsyncResult)_body.HashedAsync()).AsyncWaitHandle.WaitOne();
        }

        _hash.Dispose();
    }
}
