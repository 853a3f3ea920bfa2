namespace BitsLite.Engine.Verification;

/// <summary>A SHA-256 of the whole file that a server sent with a response, and the header it came in.</summary>
/// <param name="Header">Repr-Digest, Content-Digest or Digest, as the messages name it.</param>
/// <param name="Hash">The digest in lower-case hexadecimal.</param>
internal sealed record ServerDigest(string Header, string Hash);
