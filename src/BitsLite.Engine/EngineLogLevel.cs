namespace BitsLite.Engine;

/// <summary>How much a message given to <see cref="TransferEngineOptions.Log"/> matters.</summary>
public enum EngineLogLevel
{
    /// <summary>Something the engine did on its own, such as starting a notification program.</summary>
    Info,

    /// <summary>Something that went wrong outside any job's state, such as a notification program that could not start.</summary>
    Warning,
}
