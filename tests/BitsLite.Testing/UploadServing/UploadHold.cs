namespace BitsLite.Testing.UploadServing;

/// <summary>Holds one request of the <see cref="BitsTestServer"/> part way through its body until the test decides.</summary>
public sealed class UploadHold
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _decision = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the server has taken the fault's bytes of the body and is waiting.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets the request go on with the rest of its body.</summary>
    public void Release() => _decision.TrySetResult(true);

    /// <summary>Drops the connection where it is (the bytes already taken are kept).</summary>
    public void Abort() => _decision.TrySetResult(false);

    internal void SignalReached() => _reached.TrySetResult();

    internal Task<bool> WaitAsync(CancellationToken cancellationToken) => _decision.Task.WaitAsync(cancellationToken);
}
