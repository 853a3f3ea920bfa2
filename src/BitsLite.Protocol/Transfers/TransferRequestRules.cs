using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Options;

namespace BitsLite.Protocol.Transfers;

/// <summary>
/// What makes a new job's request whole, apart from its files (which only the host can check against live jobs): its
/// direction and what goes with it, and its settings (<see cref="TransferOptionRules"/>). The CLI and the cmdlets check a
/// request with it before they send it; the host checks it again on receipt.
/// </summary>
public static class TransferRequestRules
{
    /// <summary>Checks the request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="minimumRetryInterval">The host's minimum; <see cref="TransferOptionRules.DefaultMinimumRetryInterval"/> when not known.</param>
    /// <exception cref="TransferException">What is wrong (InvalidArgument, or EmptyJob for a job that could never start).</exception>
    public static void Validate(TransferRequest request, TimeSpan? minimumRetryInterval = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var type = request.TransferType;
        if (!Enum.IsDefined(type))
        {
            throw Invalid($"Transfer type {(long)type} does not exist; use Download, Upload or UploadReply.");
        }

        TransferOptionRules.Validate(request.Options, minimumRetryInterval);
        TransferOptionRules.ValidateFor(type, request.Options.ApplyTo(new TransferOptions()));
        if (type != TransferType.Download && request.Files.Count != 1)
        {
            throw Invalid($"An {type} job sends exactly one file (a local file to a URL); this request has {request.Files.Count}.");
        }

        if (type == TransferType.UploadReply && request.ReplyFile is null)
        {
            throw Invalid("An UploadReply job needs a reply file: the local path the server's reply is written to.");
        }

        if (type != TransferType.UploadReply && request.ReplyFile is not null)
        {
            throw Invalid($"A reply file is for UploadReply jobs only; this is a{(type == TransferType.Upload ? "n" : "")} {type} job.");
        }

        if (type != TransferType.Download && request.Files.Any(f => f?.ExpectedHash is not null))
        {
            throw Invalid("An expected SHA-256 is for downloads only; an upload's file is checked by its server.");
        }

        ValidateHashes(request.Files);
        if (!request.Suspended && request.Files.Count == 0)
        {
            throw new TransferException(TransferErrorCode.EmptyJob, "A job without files cannot start; give at least one file, or create it suspended and add files.");
        }
    }

    /// <summary>Checks each file's expected SHA-256, if it has one (<see cref="Sha256Text.Normalize"/>).</summary>
    /// <exception cref="TransferException">InvalidArgument naming the file whose hash is not 64 hexadecimal digits.</exception>
    public static void ValidateHashes(IEnumerable<TransferFileSpec> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            if (file?.ExpectedHash is { } hash)
            {
                Sha256Text.Normalize(hash, file.Destination);
            }
        }
    }

    private static TransferException Invalid(string message) => new(TransferErrorCode.InvalidArgument, message);
}
