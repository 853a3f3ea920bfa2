using BitsLite.Engine.Jobs;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Requests;

/// <summary>
/// Makes jobs, and files for them, from what users ask for: checked whole (the request's rules, the files against the
/// file system and the live jobs, the policy's limits) before anything is stored, so bad input leaves nothing behind.
/// </summary>
/// <param name="options">The engine's settings: defaults of new jobs, the retry floor, the owner of jobs that name none.</param>
/// <param name="live">The live jobs, for destinations in use and jobs per owner.</param>
/// <param name="policy">The host policy in force, read at each request: its limits may change at any time.</param>
internal sealed class JobFactory(TransferEngineOptions options, LiveJobs live, Func<HostPolicy> policy)
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
        var most = policy().MaxJobsPerUser;
        if (owned >= most)
        {
            throw new TransferException(
                TransferErrorCode.LimitReached,
                $"'{owner}' already has {owned:N0} live jobs, the most allowed ({most:N0}); complete or cancel some first, "
                + "or raise the limit with 'bitslite policy set --max-jobs-per-user N' (Set-TransferPolicy -MaxJobsPerUser N).");
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
        var most = policy().MaxFilesPerJob;
        if (existing + adding > most)
        {
            throw new TransferException(
                TransferErrorCode.LimitReached,
                $"A job may have at most {most:N0} files; this one would have {existing + adding:N0}. Split the files over several jobs, "
                + "or raise the limit with 'bitslite policy set --max-files-per-job N' (Set-TransferPolicy -MaxFilesPerJob N).");
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
            ExpectedHash = f.ExpectedHash,
        })];
}
