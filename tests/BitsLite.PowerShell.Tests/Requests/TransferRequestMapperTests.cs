using System.Management.Automation;
using System.Net;
using BitsLite.PowerShell.Commands;
using BitsLite.PowerShell.Requests;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Tests.Requests;

public sealed class TransferRequestMapperTests
{
    private static readonly TransferFileSpec[] Files = [new("https://example.com/a.iso", "/tmp/a.iso")];

    [Fact]
    public void ToRequest_WithNothingGiven_TakesTheBitsCmdletDefaults()
    {
        var request = TransferRequestMapper.ToRequest(Files, new JobOptionValues(), TransferType.Download, suspended: false);

        Assert.Equal(TransferPriority.Foreground, request.Priority);
        Assert.Null(request.RetryInterval);
        Assert.Null(request.RetryTimeout);
        Assert.Null(request.MaxDownloadTime);
        Assert.Null(request.MaxBandwidth);
        Assert.Null(request.Proxy);
        Assert.Null(request.Notification);
        Assert.Empty(request.Credentials);
        Assert.Equal(TransferCostPolicy.Always, request.TransferPolicy);
        Assert.Equal(Files, request.Files);
        Assert.False(request.Suspended);
    }

    [Fact]
    public void ToRequest_MapsSecondsAndSettings()
    {
        var request = TransferRequestMapper.ToRequest(Files, new JobOptionValues
        {
            DisplayName = "nightly",
            Description = "backup",
            Priority = TransferPriority.Low,
            RetryInterval = 60,
            RetryTimeout = 0,
            MaxDownloadTime = 3600,
            MaxBandwidth = 1_000_000,
            CustomHeaders = ["X-Trace: 1"],
            TransferPolicy = TransferCostPolicy.Unmetered,
        }, TransferType.Download, suspended: true);

        Assert.Equal("nightly", request.DisplayName);
        Assert.Equal("backup", request.Description);
        Assert.Equal(TransferPriority.Low, request.Priority);
        Assert.Equal(TimeSpan.FromSeconds(60), request.RetryInterval);
        Assert.Equal(TimeSpan.Zero, request.RetryTimeout);
        Assert.Equal(TimeSpan.FromHours(1), request.MaxDownloadTime);
        Assert.Equal(1_000_000, request.MaxBandwidth);
        Assert.Equal(["X-Trace: 1"], request.CustomHeaders);
        Assert.Equal(TransferCostPolicy.Unmetered, request.TransferPolicy);
        Assert.True(request.Suspended);
    }

    [Fact]
    public void ToRequest_CredentialDefaultsToBasic_AndADomainPrefixesTheUser()
    {
        var request = TransferRequestMapper.ToRequest(Files, new JobOptionValues
        {
            Credential = new NetworkCredential("ann", "s3cret"),
            ProxyCredential = new NetworkCredential("bob", "pw", "CORP"),
            ProxyAuthentication = TransferAuthScheme.Ntlm,
        }, TransferType.Download, suspended: false);

        Assert.Equal(
            [
                new TransferCredential { Target = TransferCredentialTarget.Server, Scheme = TransferAuthScheme.Basic, UserName = "ann", Password = "s3cret" },
                new TransferCredential { Target = TransferCredentialTarget.Proxy, Scheme = TransferAuthScheme.Ntlm, UserName = "CORP\\bob", Password = "pw" },
            ],
            request.Credentials);
    }

    [Fact]
    public void ToRequest_OverrideProxy_CarriesListAndBypass()
    {
        var request = TransferRequestMapper.ToRequest(Files, new JobOptionValues
        {
            ProxyUsage = TransferProxyUsage.Override,
            ProxyList = ["proxy:3128"],
            ProxyBypass = ["*.corp"],
        }, TransferType.Download, suspended: false);

        Assert.Equal(TransferProxyUsage.Override, request.Proxy!.Usage);
        Assert.Equal(["proxy:3128"], request.Proxy.List);
        Assert.Equal(["*.corp"], request.Proxy.Bypass);
    }

    [Fact]
    public void ToRequest_NotifyCmdLine_IsProgramThenArguments()
    {
        var request = TransferRequestMapper.ToRequest(Files, new JobOptionValues { NotifyCmdLine = ["/usr/bin/logger", "-t", "bits"] }, TransferType.Download, suspended: false);

        Assert.Equal("/usr/bin/logger", request.Notification!.Program);
        Assert.Equal(["-t", "bits"], request.Notification.Arguments);
    }

    private static readonly Dictionary<string, (JobOptionValues Values, string Message)> Mismatches = new()
    {
        ["authentication without credential"] = (new JobOptionValues { Authentication = TransferAuthScheme.Digest }, "-Authentication needs -Credential"),
        ["proxy authentication without credential"] = (new JobOptionValues { ProxyAuthentication = TransferAuthScheme.Basic }, "-ProxyAuthentication needs -ProxyCredential"),
        ["proxy list without usage"] = (new JobOptionValues { ProxyList = ["p:1"] }, "need -ProxyUsage Override"),
        ["bypass with NoProxy"] = (new JobOptionValues { ProxyUsage = TransferProxyUsage.NoProxy, ProxyBypass = ["x"] }, "only with -ProxyUsage Override, not NoProxy"),
        ["Override without list"] = (new JobOptionValues { ProxyUsage = TransferProxyUsage.Override }, "needs -ProxyList"),
        ["empty notify command"] = (new JobOptionValues { NotifyCmdLine = [] }, "needs at least the program"),
    };

    public static TheoryData<string> MismatchNames() => [.. Mismatches.Keys];

    [Theory]
    [MemberData(nameof(MismatchNames))]
    public void ToRequest_RefusesParametersThatDoNotGoTogether(string mismatch)
    {
        var (values, message) = Mismatches[mismatch];
        var error = Assert.Throws<TransferException>(() => TransferRequestMapper.ToRequest(Files, values, TransferType.Download, suspended: false));
        Assert.Equal(TransferErrorCode.InvalidArgument, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSettings_LeavesWhatWasNotGiven()
    {
        var settings = TransferRequestMapper.ToSettings(new JobOptionValues { Priority = TransferPriority.High }, clearCredentials: false);

        Assert.Equal(new TransferSettings { Priority = TransferPriority.High }, settings);
    }

    [Fact]
    public void ToSettings_ZeroAndEmptyRemove()
    {
        var settings = TransferRequestMapper.ToSettings(new JobOptionValues { MaxBandwidth = 0, MaxDownloadTime = 0, CustomHeaders = [], NotifyCmdLine = [] }, clearCredentials: false);

        Assert.Equal(0, settings.MaxBandwidth);
        Assert.Equal(TimeSpan.Zero, settings.MaxDownloadTime);
        Assert.Empty(settings.CustomHeaders!);
        Assert.Equal("", settings.Notification!.Program);
    }

    [Fact]
    public void ToSettings_ClearCredential_SendsAnEmptyList()
    {
        var settings = TransferRequestMapper.ToSettings(new JobOptionValues(), clearCredentials: true);

        Assert.NotNull(settings.Credentials);
        Assert.Empty(settings.Credentials);
    }

    [Fact]
    public void ToSettings_RefusesClearTogetherWithNewCredentials()
    {
        var error = Assert.Throws<TransferException>(() => TransferRequestMapper.ToSettings(new JobOptionValues { Credential = new NetworkCredential("a", "b") }, clearCredentials: true));
        Assert.Contains("-ClearCredential", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UploadMethod.Put)]
    [InlineData(UploadMethod.Bits)]
    public void ToSettings_UploadMethod_IsAChangeOnItsOwn(UploadMethod method)
    {
        var settings = TransferRequestMapper.ToSettings(new JobOptionValues { UploadMethod = method }, clearCredentials: false);

        // Whether the method fits the transfer is for the host to say, per transfer (it knows each one's type).
        Assert.Equal(new TransferSettings { UploadMethod = method }, settings);
    }

    [Fact]
    public void JobOptionParameters_Read_TakesTheUploadMethodOnlyWhenGiven()
    {
        var parameters = new JobOptionParameters { UploadMethod = UploadMethod.Put };

        Assert.Equal(UploadMethod.Put, IJobOptionParameters.Read(parameters, name => name == nameof(IJobOptionParameters.UploadMethod)).UploadMethod);
        Assert.Null(IJobOptionParameters.Read(parameters, _ => false).UploadMethod);
    }

    [Fact]
    public void ToSettings_WithNothingToChange_SaysSo()
    {
        var error = Assert.Throws<TransferException>(() => TransferRequestMapper.ToSettings(new JobOptionValues(), clearCredentials: false));
        Assert.Contains("Nothing to change", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The shared parameters as a cmdlet holds them after binding (a cmdlet itself cannot be made without PowerShell).</summary>
    private sealed class JobOptionParameters : IJobOptionParameters
    {
        public string? DisplayName { get; init; }

        public string? Description { get; init; }

        public TransferPriority Priority { get; init; }

        public int RetryInterval { get; init; }

        public int RetryTimeout { get; init; }

        public int MaxDownloadTime { get; init; }

        public long MaxBandwidth { get; init; }

        public string[]? CustomHeaders { get; init; }

        public TransferCostPolicy TransferPolicy { get; init; }

        public PSCredential? Credential { get; init; }

        public TransferAuthScheme Authentication { get; init; }

        public TransferProxyUsage ProxyUsage { get; init; }

        public string[]? ProxyList { get; init; }

        public string[]? ProxyBypass { get; init; }

        public PSCredential? ProxyCredential { get; init; }

        public TransferAuthScheme ProxyAuthentication { get; init; }

        public string[]? NotifyCmdLine { get; init; }

        public UploadMethod UploadMethod { get; init; }
    }
}
