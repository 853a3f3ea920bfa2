namespace BitsLite.Protocol.Transfers;

/// <summary>A file to transfer: an http(s) URL, a file:// URL or an absolute local path, to an absolute local path.</summary>
/// <param name="Source">Where the bytes come from.</param>
/// <param name="Destination">Where the file appears when the job is completed; its directory must exist.</param>
public sealed record TransferFileSpec(string Source, string Destination);
