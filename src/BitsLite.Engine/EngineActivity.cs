namespace BitsLite.Engine;

/// <summary>How busy the engine is, counted from the jobs it holds in memory (never from the store).</summary>
/// <param name="LiveJobs">Jobs neither acknowledged nor cancelled.</param>
/// <param name="ActiveJobs">Jobs queued, connecting, transferring or waiting to retry: the ones that need a running host.</param>
public readonly record struct EngineActivity(int LiveJobs, int ActiveJobs);
