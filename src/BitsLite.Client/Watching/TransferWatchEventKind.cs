namespace BitsLite.Client.Watching;

/// <summary>What a <see cref="TransferWatchEvent"/> reports. Scripts may rely on these names; new ones may be added.</summary>
/// <remarks>Backed by <see langword="long"/> so that PowerShell's ConvertTo-Json writes the name, as for <c>TransferState</c>.</remarks>
public enum TransferWatchEventKind : long
{
    /// <summary>A job as it stood when the watch began (or, after lost events, when the watch first saw it).</summary>
    Current,

    /// <summary>A job was created while the watch ran (only when following every job).</summary>
    Created,

    /// <summary>A job moved to another state, or a Queued job's reason for waiting changed.</summary>
    StateChanged,

    /// <summary>Bytes moved: at most once per progress interval per job, and the last of a burst always.</summary>
    Progress,

    /// <summary>Files were added to a job, or its settings changed.</summary>
    Changed,
}
