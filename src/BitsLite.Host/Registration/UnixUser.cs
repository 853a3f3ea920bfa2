using System.Runtime.InteropServices;

namespace BitsLite.Host.Registration;

/// <summary>The current user's numeric id: launchctl addresses the user's GUI domain as gui/&lt;uid&gt;.</summary>
internal static partial class UnixUser
{
    public static uint Id => GetUserId();

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUserId();
}
