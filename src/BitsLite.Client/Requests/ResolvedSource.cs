namespace BitsLite.Client.Requests;

/// <summary>A checked source: the text the host gets, and the URL when it is one (for deriving a file name).</summary>
/// <param name="Value">An absolute URL as given, or a local file's full path.</param>
/// <param name="Url">The parsed URL, or <see langword="null"/> for a local path.</param>
public sealed record ResolvedSource(string Value, Uri? Url);
