using BitsLite.Engine;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.CheckpointBench;

/// <summary>
/// The job whose checkpoints are timed, made through the engine's public API so that it is stored exactly as a host
/// stores a job it was asked to create: a download of 4 files with a server and a proxy credential (two passwords to
/// encrypt on every full row write), 3 custom headers, a proxy list with a bypass, and a notification program.
/// </summary>
internal static class RepresentativeJob
{
    public const int Files = 4;

    /// <summary>Creates the job (Suspended, so that no runner starts) in a new store and closes the engine.</summary>
    public static async Task<Guid> CreateAsync(string databasePath, string downloads, string notifyProgram)
    {
        Directory.CreateDirectory(downloads);
        await using var engine = await TransferEngine.OpenAsync(new TransferEngineOptions { DatabasePath = databasePath });
        var info = await engine.CreateAsync(Request(downloads, notifyProgram));
        return info.Id;
    }

    private static TransferRequest Request(string downloads, string notifyProgram) => new()
    {
        Owner = "ann",
        Suspended = true,
        Files = [.. Enumerable.Range(0, Files).Select(i => new TransferFileSpec(
            $"https://mirror.example.com/debian-cd/13.2.0/amd64/iso-dvd/debian-13.2.0-amd64-DVD-{i + 1}.iso",
            Path.Combine(downloads, $"debian-13.2.0-amd64-DVD-{i + 1}.iso")))],
        Options = new TransferOptionsPatch
        {
            DisplayName = "debian-13.2.0-amd64 (4 parts)",
            Description = "Nightly mirror sync of the installer images",
            Priority = TransferPriority.Normal,
            MaxBandwidth = 4L << 20,
            CustomHeaders =
            [
                "Authorization: Bearer 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "X-Request-Source: nightly-sync",
                "Accept-Language: en-GB",
            ],
            Credentials =
            [
                new TransferCredential { Target = TransferCredentialTarget.Server, Scheme = TransferAuthScheme.Basic, UserName = "mirror-sync", Password = "correct horse battery staple" },
                new TransferCredential { Target = TransferCredentialTarget.Proxy, Scheme = TransferAuthScheme.Basic, UserName = "CORP\\ann", Password = "Tr0ub4dor&3-proxy" },
            ],
            Proxy = new TransferProxy
            {
                Usage = TransferProxyUsage.Override,
                List = ["http://proxy1.corp.example:3128", "http://proxy2.corp.example:3128"],
                Bypass = ["<local>", "*.corp.example"],
            },
            Notification = new TransferNotification
            {
                Program = notifyProgram,
                Arguments = ["--job", "debian-13.2.0", "--mail", "ann@corp.example"],
                On = TransferNotifyEvents.Transferred | TransferNotifyEvents.Error,
            },
        },
    };
}
