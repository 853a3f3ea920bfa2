namespace BitsLite.Server;

/// <summary>A file a client has uploaded completely.</summary>
/// <param name="Name">The file name in the upload directory.</param>
/// <param name="Path">
/// Where the file is now: the session's data file when a <see cref="BitsUploadOptions.ReplyFactory"/> sees it (read it, do
/// not move it), the final path in the upload directory when <see cref="BitsUploadOptions.UploadCompleted"/> does.
/// </param>
/// <param name="Length">The file's length in bytes.</param>
/// <param name="Method">How it was uploaded.</param>
public sealed record UploadedFile(string Name, string Path, long Length, UploadMethod Method);
