using BitsLite.Engine.Jobs;
using BitsLite.Protocol.Options;

namespace BitsLite.Engine.Tests.Support;

/// <summary>Jobs made by hand for unit tests, with their settings given the one way a job takes them.</summary>
internal static class TransferJobExtensions
{
    /// <summary>Gives the job <paramref name="options"/> (<see cref="TransferJob.ApplyOptions"/>) and returns it.</summary>
    public static TransferJob WithOptions(this TransferJob job, TransferOptions options)
    {
        job.ApplyOptions(options);
        return job;
    }
}
