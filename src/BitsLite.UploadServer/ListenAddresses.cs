using System.Net;
using Microsoft.AspNetCore.Http;

namespace BitsLite.UploadServer;

/// <summary>Which of the addresses the server listens on other machines can reach.</summary>
internal static class ListenAddresses
{
    /// <summary>
    /// Whether only this machine can connect: <c>localhost</c>, a loopback IP address (127.0.0.0/8, ::1) or a Unix
    /// socket. Anything else (0.0.0.0, [::], a host name, which Kestrel binds to every address) is reachable from outside.
    /// </summary>
    public static bool IsLoopback(string address)
    {
        var binding = BindingAddress.Parse(address);
        if (binding.IsUnixPipe || string.Equals(binding.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(binding.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>The one-line warning for addresses other machines can reach, or none when every address is loopback.</summary>
    public static string? Warning(IEnumerable<string> addresses)
    {
        var exposed = addresses.Where(address => !IsLoopback(address)).ToList();
        return exposed.Count == 0
            ? null
            : $"warning: listening on {string.Join(", ", exposed)}, which other machines can reach, and bitslite-upload-server has no "
                + "authentication: put it behind a reverse proxy that authenticates, or listen on loopback only";
    }
}
