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

        if (!request.Suspended && request.Files.Count == 0)
        {
            throw new TransferException(TransferErrorCode.EmptyJob, "A job without files cannot start; give at least one file, or create it suspended and add files.");
        }
    }

    private static TransferException Invalid(string message) => new(TransferErrorCode.InvalidArgument, message);
}
