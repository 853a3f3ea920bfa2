using System.Net;
using System.Security.Cryptography;
using BitsLite.Client;
using BitsLite.Client.Requests;
using BitsLite.PowerShell.Requests;
using BitsLite.PowerShell.Tests.Support;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;
using BitsLite.Testing.FaultServing;

namespace BitsLite.PowerShell.Tests.EndToEnd;

/// <summary>
/// What Start-Transfer does, below the cmdlet: parameters mapped by <see cref="TransferRequestMapper"/>, sent through
/// the client to the host the build staged in module/host, against a real Kestrel server that wants a password.
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
        var request = TransferRequestMapper.ToRequest(files, new JobOptionValues
        {
            DisplayName = "report",
            Credential = new NetworkCredential(login.UserName, login.Password),
            ProxyUsage = TransferProxyUsage.NoProxy,
            RetryInterval = 30,
            TransferPolicy = TransferCostPolicy.Unmetered,
        }, TransferType.Download, suspended: false);

        var created = await _client.CreateAsync(request);
        using var wait = new CancellationTokenSource(Timeout);
        var settled = await _client.WaitAsync(created.Id, cancellationToken: wait.Token);
        Assert.Equal(TransferState.Transferred, settled.State);
        var completed = await _client.CompleteAsync(created.Id);

        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_downloads.Path, "report.bin")));
        Assert.Equal(TransferState.Acknowledged, completed.State);
        Assert.Contains(_server.RequestsFor("/files/report.bin"), r => login.IsAnsweredBy(r.Headers.GetValueOrDefault("Authorization")));

        var shown = new BitsLite.Transfer(completed);
        Assert.Equal("report", shown.DisplayName);
        Assert.Equal(["Server Basic ann"], shown.Credentials);
        Assert.Equal(TransferProxyUsage.NoProxy, shown.ProxyUsage);
        Assert.Equal(30, shown.RetryInterval);
        Assert.Equal(TransferCostPolicy.Unmetered, shown.TransferPolicy);
        Assert.Equal(100, shown.PercentComplete);
        Assert.Null(Assert.Single(completed.Credentials).Password);
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
