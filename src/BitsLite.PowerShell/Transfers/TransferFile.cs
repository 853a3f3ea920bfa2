using BitsLite.Protocol.Transfers;

namespace BitsLite;

/// <summary>One file of a transfer, as the cmdlets show it (<c>(Get-Transfer x).Files</c>).</summary>
public sealed class TransferFile
{
    internal TransferFile(TransferFileInfo info)
    {
        Source = info.Source;
        Destination = info.Destination;
        BytesTotal = info.BytesTotal;
        BytesTransferred = info.BytesTransferred;
        IsTransferred = info.IsTransferred;
    }

    /// <summary>An http(s) URL, a file:// URL or a local path.</summary>
    public string Source { get; }

    /// <summary>Where the file appears once the transfer is completed.</summary>
    public string Destination { get; }

    /// <summary>The size in bytes, or -1 while unknown.</summary>
    public long BytesTotal { get; }

    /// <summary>Bytes on disk so far.</summary>
    public long BytesTransferred { get; }

    /// <summary>Whether every byte of this file is on disk.</summary>
    public bool IsTransferred { get; }

    /// <inheritdoc/>
    public override string ToString() => Destination;
}
