namespace BitsLite.Engine.Storage;

/// <summary>What the <c>secrets</c> column holds, encrypted: the credentials' passwords, in order, and the custom headers.</summary>
internal sealed record StoredSecrets(List<string> Passwords, List<string> Headers);
