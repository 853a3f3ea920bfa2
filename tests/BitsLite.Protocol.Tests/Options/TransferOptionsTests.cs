using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Protocol.Tests.Options;

/// <summary>A job's settings: their defaults, what a patch does to them, and what the host shows of them.</summary>
public class TransferOptionsTests
{
    private static readonly TransferCredential Server = new() { UserName = "ann", Password = "server-pw-41" };
    private static readonly TransferCredential Proxy = new() { Target = TransferCredentialTarget.Proxy, UserName = "bob", Password = "proxy-pw-93" };

    [Fact]
    public void TheDefaults_AreBitsDefaults_AndZeroLimitsMeanNone()
    {
        var options = new TransferOptions();

        Assert.Equal("", options.DisplayName);
        Assert.Equal(TransferPriority.Normal, options.Priority);
        Assert.Equal(TimeSpan.FromSeconds(600), options.RetryInterval);
        Assert.Equal(TimeSpan.FromDays(14), options.RetryTimeout);
        Assert.Equal(TimeSpan.Zero, options.MaxDownloadTime);
        Assert.Equal(0, options.MaxBandwidth);
        Assert.Empty(options.CustomHeaders);
        Assert.False(options.CustomHeadersWriteOnly);
        Assert.Empty(options.Credentials);
        Assert.Equal(TransferProxyUsage.SystemDefault, options.Proxy.Usage);
        Assert.Null(options.Notification);
        Assert.Equal(TransferCostPolicy.Always, options.TransferPolicy);
        Assert.Equal(UploadMethod.Bits, options.UploadMethod);
    }

    [Fact]
    public void AnEmptyPatch_ChangesNothing_AndSaysSo()
    {
        var options = new TransferOptions { DisplayName = "isos", Priority = TransferPriority.High, CustomHeaders = ["X-A: 1"], Credentials = [Server] };

        Assert.True(new TransferOptionsPatch().IsEmpty);
        Assert.False(new TransferOptionsPatch { MaxBandwidth = 0 }.IsEmpty);
        Assert.Equal(options, new TransferOptionsPatch().ApplyTo(options));
    }

    [Fact]
    public void APatch_SetsWhatItGives_AndLeavesTheRest()
    {
        var options = new TransferOptions { DisplayName = "isos", Description = "monthly", Priority = TransferPriority.High, MaxBandwidth = 1000 };

        var changed = new TransferOptionsPatch { Priority = TransferPriority.Low, RetryTimeout = TimeSpan.Zero }.ApplyTo(options);

        Assert.Equal(options with { Priority = TransferPriority.Low, RetryTimeout = TimeSpan.Zero }, changed);
    }

    [Fact]
    public void NewCredentials_ReplaceOnlyThoseOfTheTargetsTheyName_AndAnEmptyListRemovesThemAll()
    {
        var options = new TransferOptions { Credentials = [Server, Proxy] };
        var carol = new TransferCredential { UserName = "carol", Password = "new", Scheme = TransferAuthScheme.Digest };

        var replaced = new TransferOptionsPatch { Credentials = [carol] }.ApplyTo(options);
        var removed = new TransferOptionsPatch { Credentials = [] }.ApplyTo(options);

        Assert.Equal([Proxy, carol], replaced.Credentials);
        Assert.Empty(removed.Credentials);
    }

    [Fact]
    public void NewHeaders_ReplaceAllOfTheJobs_AndAnEmptyListRemovesThem()
    {
        var options = new TransferOptions { CustomHeaders = ["X-A: 1", "X-B: 2"] };

        Assert.Equal(["X-C: 3"], new TransferOptionsPatch { CustomHeaders = ["X-C: 3"] }.ApplyTo(options).CustomHeaders);
        Assert.Empty(new TransferOptionsPatch { CustomHeaders = [] }.ApplyTo(options).CustomHeaders);
    }

    [Fact]
    public void WriteOnlyHeaders_StayWriteOnly_WhenNewHeadersComeWithoutSayingOtherwise()
    {
        var options = new TransferOptions { CustomHeaders = ["X-A: 1"], CustomHeadersWriteOnly = true };

        var replaced = new TransferOptionsPatch { CustomHeaders = ["X-B: 2"] }.ApplyTo(options);
        var readable = new TransferOptionsPatch { CustomHeaders = ["X-B: 2"], CustomHeadersWriteOnly = false }.ApplyTo(options);

        Assert.True(replaced.CustomHeadersWriteOnly);
        Assert.False(readable.CustomHeadersWriteOnly);
    }

    [Fact]
    public void Redacted_HasNoPassword_AndHeaderValuesAsStars()
    {
        var options = new TransferOptions
        {
            DisplayName = "isos",
            CustomHeaders = ["Authorization: Bearer token-8d2f", "X-Empty:", "X-Trace: 42"],
            Credentials = [Server, Proxy],
        };

        var shown = options.Redacted();

        Assert.Equal(["Authorization: ***", "X-Empty: ***", "X-Trace: ***"], shown.CustomHeaders);
        Assert.All(shown.Credentials, c => Assert.Null(c.Password));
        Assert.Equal(["ann", "bob"], shown.Credentials.Select(c => c.UserName));
        Assert.Equal("isos", shown.DisplayName);
        Assert.Equal("server-pw-41", options.Credentials[0].Password);   // the original keeps its secrets
        Assert.Equal("Authorization: Bearer token-8d2f", options.CustomHeaders[0]);
    }

    [Fact]
    public void Redacted_ShowsNoHeaderAtAll_WhenTheyAreWriteOnly()
    {
        var shown = new TransferOptions { CustomHeaders = ["X-Api-Key: k-123"], CustomHeadersWriteOnly = true }.Redacted();

        Assert.Empty(shown.CustomHeaders);
        Assert.True(shown.CustomHeadersWriteOnly);
    }

    [Fact]
    public void NullsFromAForeignClient_ReadAsEmpty()
    {
        var options = new TransferOptions { DisplayName = null!, Description = null!, CustomHeaders = null!, Credentials = null!, Proxy = null! };

        Assert.Equal("", options.DisplayName);
        Assert.Equal("", options.Description);
        Assert.Empty(options.CustomHeaders);
        Assert.Empty(options.Credentials);
        Assert.Equal(TransferProxyUsage.SystemDefault, options.Proxy.Usage);
    }
}
