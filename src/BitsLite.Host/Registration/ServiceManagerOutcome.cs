namespace BitsLite.Host.Registration;

/// <summary>How a service-manager command ended.</summary>
internal enum ServiceManagerOutcome
{
    /// <summary>It ran and exited (with any exit code).</summary>
    Exited,

    /// <summary>The program could not be started: not installed, or not on PATH.</summary>
    NotFound,

    /// <summary>It did not exit within the runner's timeout and was killed.</summary>
    TimedOut,
}
