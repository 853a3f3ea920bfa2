using System.Security.Cryptography;
using BitsLite.Client;
using BitsLite.Client.Requests;
using BitsLite.PowerShell.Tests.Support;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;
using BitsLite.Testing.FaultServing;

namespace BitsLite.PowerShell.Tests.EndToEnd;

/// <summary>
/// What Start-Transfer does, below the cmdlet: the request its parameters make (settings as a patch over the host's
/// defaults, Foreground unless -Priority, checked with <see cref="TransferRequestRules"/>), sent through the client to
/// the host the build staged in module/host, against a real Kestrel server that wants a password.
/// </summary>
public sealed class StagedModuleTransferTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _home = new();
    private readonly TempDirectory _downloads = new();
    private FaultServer _server = null!;
    private BitsLiteClient _client = null!;

    public async Task InitializeAsync()
    {
        // A data root must be its user's alone (the host and client refuse any other), as BitsLite makes its own.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_home.Path, OwnerOnlyDirectory.Mode);
        }

        _server = await FaultServer.StartAsync();
        var host = Path.Combine(ModuleLayout.ModuleDirectory, "host", OperatingSystem.IsWindows() ? "bitslite-host.exe" : "bitslite-host");
        _client = await BitsLiteClient.ConnectAsync(new BitsLiteClientOptions
        {
            Paths = new BitsLitePaths(_home.Path, _home.Path),
            HostPath = host,
            ClientName = "powershell-tests",
        });
    }

    [Fact]
    public async Task StartTransferParameters_DownloadWithACredential_AndTheJobShowsItsOptionsButNoPassword()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        var login = new BasicCredential("ann", "pa ss:word");
        _server.Serve("/files/report.bin", content, new FaultPlan { RequireBasic = login });

        var files = TransferFiles.Pair([_server.Url("/files/report.bin").ToString()], null, _downloads.Path);
        // -DisplayName report -Credential ann -ProxyUsage NoProxy -RetryInterval 30 -TransferPolicy Unmetered -CustomHeaders 'X-Trace: 7' -MaxBandwidth 0
        var request = new TransferRequest
        {
            Files = files,
            Options = new()
            {
                DisplayName = "report",
                Priority = TransferPriority.Foreground,
                Credentials = [new TransferCredential { UserName = login.UserName, Password = login.Password, Scheme = TransferOptionRules.DefaultAuthentication }],
                Proxy = new TransferProxy { Usage = TransferProxyUsage.NoProxy },
                RetryInterval = TimeSpan.FromSeconds(30),
                TransferPolicy = TransferCostPolicy.Unmetered,
                CustomHeaders = ["X-Trace: 7"],
                MaxBandwidth = 0,
            },
        };
        TransferRequestRules.Validate(request);

        var created = await _client.CreateAsync(request);
        using var wait = new CancellationTokenSource(Timeout);
        var settled = await _client.WaitAsync(created.Id, cancellationToken: wait.Token);
        Assert.Equal(TransferState.Transferred, settled.State);
        var completed = await _client.CompleteAsync(created.Id);

        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_downloads.Path, "report.bin")));
        Assert.Equal(TransferState.Acknowledged, completed.State);
        Assert.Contains(_server.RequestsFor("/files/report.bin"), r => login.IsAnsweredBy(r.Headers.GetValueOrDefault("Authorization")));
        Assert.All(_server.RequestsFor("/files/report.bin"), r => Assert.Equal("7", r.Headers.GetValueOrDefault("X-Trace")));

        var shown = new BitsLite.Transfer(completed);
        Assert.Equal("report", shown.DisplayName);
        Assert.Equal(["Server Basic ann"], shown.Credentials);
        Assert.Equal(TransferProxyUsage.NoProxy, shown.ProxyUsage);
        Assert.Equal(30, shown.RetryInterval);
        Assert.Equal(TransferCostPolicy.Unmetered, shown.TransferPolicy);
        Assert.Equal(TransferPriority.Foreground, shown.Priority);
        Assert.Equal((0L, 0), (shown.MaxBandwidth, shown.MaxDownloadTime));   // no limit
        Assert.Equal(["X-Trace: ***"], shown.CustomHeaders);
        Assert.False(shown.CustomHeadersWriteOnly);
        Assert.Equal(100, shown.PercentComplete);
        Assert.Null(Assert.Single(completed.Options.Credentials).Password);
    }

    [Fact]
    public async Task WriteOnlyHeaders_AreNeitherShownNorNamed_AndAnEmptyNotifyCmdLineIsNone()
    {
        // -Suspended -CustomHeaders 'Authorization: Bearer t-55' -CustomHeadersWriteOnly -NotifyCmdLine @()
        var request = new TransferRequest
        {
            Suspended = true,
            Options = new()
            {
                DisplayName = "quiet",
                CustomHeaders = ["Authorization: Bearer t-55"],
                CustomHeadersWriteOnly = true,
                Notification = new TransferNotification { Program = "" },
            },
        };
        TransferRequestRules.Validate(request);

        var created = await _client.CreateAsync(request);
        var shown = new BitsLite.Transfer(created);

        Assert.True(shown.CustomHeadersWriteOnly);
        Assert.Empty(shown.CustomHeaders);
        Assert.Empty(shown.NotifyCmdLine);
        await _client.CancelAsync(created.Id);
    }

    public async Task DisposeAsync()
    {
        await _client.StopHostAsync();
        await _client.DisposeAsync();
        await _server.DisposeAsync();
        _home.Dispose();
        _downloads.Dispose();
    }
}
