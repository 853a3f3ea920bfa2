using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;

namespace BitsLite.Engine.Security;

/// <summary>
/// Encrypts job secrets (passwords) before they reach the database, with AES-256-GCM and a random key kept in an
/// owner-only file beside it. A copy of the database alone, a backup or a bug report, then reveals no password;
/// someone who can read the user's files can read the key too, as with any secret a background service must replay.
/// </summary>
internal sealed class SecretProtector
{
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const string Prefix = "v1:";

    private readonly byte[] _key;

    private SecretProtector(byte[] key) => _key = key;

    /// <summary>The key file, created owner-only on first use.</summary>
    public string KeyPath { get; private init; } = "";

    /// <summary>Loads the key beside <paramref name="databasePath"/>, creating it if it does not exist yet.</summary>
    public static SecretProtector ForDatabase(string databasePath)
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, Path.GetFileNameWithoutExtension(databasePath) + ".key");
        return new SecretProtector(LoadOrCreateKey(path)) { KeyPath = path };
    }

    public string Protect(string plaintext)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + TagSize + data.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return Prefix + Convert.ToBase64String(output);
    }

    /// <summary>Decrypts a value; false when it was not made with this key (the key file was replaced or damaged).</summary>
    public bool TryUnprotect(string protectedText, [NotNullWhen(true)] out string? plain)
    {
        try
        {
            if (!protectedText.StartsWith(Prefix, StringComparison.Ordinal))
            {
                throw new CryptographicException("Unknown format.");
            }

            var input = Convert.FromBase64String(protectedText[Prefix.Length..]);
            if (input.Length < NonceSize + TagSize)
            {
                throw new CryptographicException("Too short.");
            }

            var bytes = new byte[input.Length - NonceSize - TagSize];
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), bytes);
            plain = Encoding.UTF8.GetString(bytes);
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            plain = null;
            return false;
        }
    }

    /// <exception cref="TransferException">The key file is a link, another user's or open to others (AccessDenied), or damaged.</exception>
    private static byte[] LoadOrCreateKey(string path)
    {
        PrivateLocation.VerifyFile(path, "key file");
        if (File.Exists(path))
        {
            var key = File.ReadAllBytes(path);
            if (key.Length != KeySize)
            {
                throw new TransferException(TransferErrorCode.StoreCorrupt, $"The key file '{path}' is damaged ({key.Length} bytes, not {KeySize}); it was left untouched.");
            }

            return key;
        }

        var created = RandomNumberGenerator.GetBytes(KeySize);
        // One name per process, so that two engines never share it; a leftover of a crash of a process with this pid is
        // removed (unlink never follows a link), so the key is only ever written to a file created here, exclusively,
        // owner-only from the start.
        var temp = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{path}.{Environment.ProcessId}.tmp");
        File.Delete(temp);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile.Mode;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(created);
            stream.Flush(flushToDisk: true);
        }

        // Never replace a key another engine created meanwhile: that would orphan its secrets.
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return LoadOrCreateKey(path);
        }

        return created;
    }
}
