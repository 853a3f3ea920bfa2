using BitsLite.Engine.Jobs;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Requests;

/// <summary>
/// Makes jobs, and files for them, from what users ask for: checked whole (the request's rules, the files against the
/// file system and the live jobs, the limits) before anything is stored, so bad input leaves nothing behind.
/// </summary>
internal sealed class JobFactory(TransferEngineOptions options, LiveJobs live)
{
    /// <summary>The settings of a job that asks for none.</summary>
    public TransferOptions Defaults { get; } = new()
    {
        RetryInterval = options.DefaultRetryInterval,
        RetryTimeout = options.DefaultRetryTimeout,
    };

    /// <exception cref="TransferException">Invalid input, a destination conflict, or a limit reached.</exception>
    public TransferJob Create(TransferRequest request, DateTimeOffset now)
    {
        TransferRequestRules.Validate(request, options.MinimumRetryInterval);
        var owner = request.Owner ?? options.DefaultOwner;
        EnsureRoomForFiles(0, request.Files.Count);
        var type = request.TransferType;
        var files = type == TransferType.Download
            ? TransferFileValidator.ValidateFiles(request.Files, live.IsTaken)
            : [TransferFileValidator.ValidateUploadFile(request.Files[0], live.IsTaken)];
        var replyFile = request.ReplyFile is null ? null : TransferFileValidator.ValidateReplyFile(request.ReplyFile, files[0].Source, live.IsTaken);
        var owned = live.OwnedBy(owner);
        if (owned >= options.MaxJobsPerOwner)
        {
            throw new TransferException(TransferErrorCode.LimitReached, $"'{owner}' already has {owned} live jobs, the most allowed ({options.MaxJobsPerOwner}); complete or cancel some first.");
        }

        var settings = request.Options.ApplyTo(Defaults);
        if (settings.DisplayName.Length == 0)
        {
            settings = settings with { DisplayName = files.Count == 0 ? "Transfer" : Path.GetFileName(type == TransferType.Download ? files[0].Destination : files[0].Source) };
        }

        var job = new TransferJob
        {
            Id = Guid.NewGuid(),
            Owner = owner,
            Type = type,
            Clock = options.TimeProvider,
            State = request.Suspended ? TransferState.Suspended : TransferState.Queued,
            CreationTime = now,
            ModificationTime = now,
            LastProgressTime = now,
            ReplyFile = replyFile,
        };
        job.ApplyOptions(settings);
        job.Files.AddRange(NewFiles(files, 0, type));
        job.Upload.ReplyTempPath = replyFile is null ? null : TemporaryFiles.NewPath(replyFile);
        return job;
    }

    /// <summary>New files for a download job that has <paramref name="existing"/> already.</summary>
    /// <exception cref="TransferException">Invalid files, a destination conflict, or too many files.</exception>
    public List<TransferFile> AddedFiles(int existing, IReadOnlyList<TransferFileSpec> files)
    {
        EnsureRoomForFiles(existing, files.Count);
        return NewFiles(TransferFileValidator.ValidateFiles(files, live.IsTaken), existing, TransferType.Download);
    }

    private void EnsureRoomForFiles(int existing, int adding)
    {
        if (existing + adding > options.MaxFilesPerJob)
        {
            throw new TransferException(TransferErrorCode.LimitReached, $"A job may have at most {options.MaxFilesPerJob} files; this one would have {existing + adding}.");
        }
    }

    /// <remarks>An upload's file has no temporary file (its Destination is a URL): its TempPath stays empty.</remarks>
    private static List<TransferFile> NewFiles(List<TransferFileSpec> files, int firstIndex, TransferType type) =>
        [.. files.Select((f, i) => new TransferFile
        {
            Index = firstIndex + i,
            Source = f.Source,
            Destination = f.Destination,
            TempPath = type == TransferType.Download ? TemporaryFiles.NewPath(f.Destination) : "",
        })];
}
