namespace BitsLite.Testing.FaultServing;

/// <summary>
/// Holds one response in the middle of its body so a test can act at a known point.
/// Pass it to <see cref="FaultPlan.Gate"/> together with <see cref="FaultPlan.PauseAfterBytes"/>.
/// A gate is single use: the first call to <see cref="Release"/> or <see cref="Abort"/> wins.
/// </summary>
public sealed class ResponseGate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _decision = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes when the server has flushed <see cref="FaultPlan.PauseAfterBytes"/> body bytes
    /// and is waiting for <see cref="Release"/> or <see cref="Abort"/>.
    /// </summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets the held response continue with the rest of its body.</summary>
    public void Release() => _decision.TrySetResult(true);

    /// <summary>
    /// Ends the held response where it is: the connection is closed after the bytes already sent,
    /// so the client sees a premature end of the body.
    /// </summary>
    public void Abort() => _decision.TrySetResult(false);

    internal void SignalReached() => _reached.TrySetResult();

    /// <summary>Returns true to continue, false to abort.</summary>
    internal Task<bool> WaitForDecisionAsync(CancellationToken cancellationToken) =>
        _decision.Task.WaitAsync(cancellationToken);
}
