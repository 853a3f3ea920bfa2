using BitsLite.PowerShell.Live;
using BitsLite.Protocol.Transfers;

namespace BitsLite;

/// <summary>One file of a transfer, as the cmdlets show it (<c>(Get-Transfer x).Files</c>); live as its transfer is.</summary>
public sealed class TransferFile
{
    private readonly LiveTransferEntry _transfer;
    private readonly int _index;
    private readonly TransferFileInfo _first;

    internal TransferFile(LiveTransferEntry transfer, int index, TransferFileInfo first)
    {
        _transfer = transfer;
        _index = index;
        _first = first;
    }

    /// <summary>An http(s) URL, a file:// URL or a local path.</summary>
    public string Source => _first.Source;

    /// <summary>Where the file appears once the transfer is completed.</summary>
    public string Destination => _first.Destination;

    /// <summary>The size in bytes, or -1 while unknown.</summary>
    public long BytesTotal => Current.BytesTotal;

    /// <summary>Bytes on disk so far.</summary>
    public long BytesTransferred => Current.BytesTransferred;

    /// <summary>Whether every byte of this file is on disk.</summary>
    public bool IsTransferred => Current.IsTransferred;

    /// <summary>The SHA-256 the file must have (lower-case hexadecimal), or <see langword="null"/> when none was given.</summary>
    public string? ExpectedHash => _first.ExpectedHash;

    /// <summary>
    /// The file's SHA-256 once it matched its expected hash or a digest its server sent; <see langword="null"/> until
    /// then, or when there was nothing to check it against.
    /// </summary>
    public string? VerifiedHash => Current.VerifiedHash;

    // Files are only ever appended to a transfer, so the index stays this file's; a summary without files keeps the last.
    private TransferFileInfo Current
    {
        get
        {
            var files = LiveTransferRegistry.Shared.Read(_transfer).Files;
            return _index < files.Count ? files[_index] : _first;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Destination;
}
