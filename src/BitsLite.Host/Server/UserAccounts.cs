using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;

namespace BitsLite.Host.Server;

/// <summary>
/// User names by user id, from the system's account database (getpwuid_r, so LDAP and the like count): a job's owner
/// is the name of the user the kernel says is connected, never a name the client claims.
/// </summary>
internal static unsafe partial class UserAccounts
{
    private const int BufferTooSmall = 34; // ERANGE, on Linux and macOS alike

    private static readonly ConcurrentDictionary<uint, string> Names = new();

    /// <summary>
    /// The name of <paramref name="userId"/>, or its number when the account database knows none; this process's user
    /// where the platform cannot say who connected (<see langword="null"/>: Windows, where only the user reaches the socket).
    /// </summary>
    public static string NameOf(uint? userId) => userId is { } id ? Names.GetOrAdd(id, Lookup) : Environment.UserName;

    private static string Lookup(uint userId)
    {
        // struct passwd is 48 bytes on Linux and 72 on macOS; pw_name comes first on both.
        var entry = stackalloc byte[128];
        for (var size = 1024; size <= 1024 * 1024; size *= 4)
        {
            var strings = new byte[size];
            fixed (byte* buffer = strings)
            {
                byte* found = null;
                var error = GetPasswordEntry(userId, entry, buffer, (nuint)size, &found);
                if (error == BufferTooSmall)
                {
                    continue;
                }

                if (error == 0 && found is not null && Marshal.PtrToStringUTF8(*(nint*)entry) is { Length: > 0 } name)
                {
                    return name;
                }

                break;
            }
        }

        return userId.ToString(CultureInfo.InvariantCulture);
    }

    [LibraryImport("libc", EntryPoint = "getpwuid_r")]
    private static partial int GetPasswordEntry(uint userId, byte* entry, byte* buffer, nuint size, byte** found);
}
