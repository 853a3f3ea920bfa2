using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace BitsLite.Protocol.Security;

/// <summary>
/// Which user is at the other end of a Unix domain socket, as the kernel says (not as the peer claims). The host
/// refuses clients of other users; a client refuses a "host" of another user, which could otherwise collect the
/// credentials in its requests' headers.
/// </summary>
public static partial class PeerCredentials
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;
    private const int SolLocal = 0;
    private const int LocalPeerCred = 1;

    /// <summary>This process's effective user id, or <see langword="null"/> on Windows.</summary>
    public static uint? CurrentUserId() => OperatingSystem.IsWindows() ? null : GetEffectiveUserId();

    /// <summary>The peer's user id, or <see langword="null"/> where the platform offers no way to ask (Windows relies on the socket directory's ACL).</summary>
    public static uint? UserIdOf(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
            Span<byte> ucred = stackalloc byte[12];
            socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
            return MemoryMarshal.Read<uint>(ucred[4..]);
        }

        if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            // struct xucred { u_int cr_version; uid_t cr_uid; short cr_ngroups; gid_t cr_groups[16]; }
            Span<byte> xucred = stackalloc byte[76];
            socket.GetRawSocketOption(SolLocal, LocalPeerCred, xucred);
            return MemoryMarshal.Read<uint>(xucred[4..]);
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
