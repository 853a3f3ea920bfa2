using System.Globalization;
using BitsLite.Engine.LocalFiles;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Transport;

/// <summary>Local paths and file:// URLs (which covers mounted SMB/CIFS shares). Size and write time stand in for an ETag.</summary>
internal sealed class LocalFileSource : ITransferSource
{
    public Task<SourceResponse> OpenAsync(Uri source, long offset, string? validator, IReadOnlyList<string> headers, CancellationToken cancellationToken)
    {
        var path = source.LocalPath;
        FileStream stream;
        try
        {
            stream = SourceFile.Open(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw TransferFailure.Fatal(TransferErrorContext.RemoteFile, $"Cannot read the source '{path}': {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            // A share that went away or a locked file may come back.
            throw TransferFailure.Transient(TransferErrorContext.RemoteFile, $"Cannot read the source '{path}': {ex.Message}", ex);
        }

        // Size and time of the opened file itself, not of the path: a symbolic link's own size is its target's name.
        var length = stream.Length;
        var modified = File.GetLastWriteTimeUtc(stream.SafeFileHandle);
        var current = string.Create(CultureInfo.InvariantCulture, $"local:{length}:{modified.Ticks}");
        var start = offset > 0 && offset <= length && current == validator ? offset : 0;
        stream.Position = start;
        return Task.FromResult(new SourceResponse(stream, start, length, current));
    }
}
