using BitsLite.Cli.Arguments;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Arguments;

public class JobOptionParsersTests
{
    [Theory]
    [InlineData("basic", TransferAuthScheme.Basic)]
    [InlineData("Digest", TransferAuthScheme.Digest)]
    [InlineData("NTLM", TransferAuthScheme.Ntlm)]
    [InlineData(" negotiate ", TransferAuthScheme.Negotiate)]
    public void Schemes_ParseInAnyCase(string text, TransferAuthScheme expected)
    {
        Assert.True(JobOptionParsers.TryParseAuth(text, out var scheme, out var error), error);
        Assert.Equal(expected, scheme);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("passport")]
    public void OtherSchemes_AreRefused_WithTheNames(string text)
    {
        Assert.False(JobOptionParsers.TryParseAuth(text, out _, out var error));
        Assert.Contains("basic|digest|ntlm|negotiate", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("system", TransferProxyUsage.SystemDefault)]
    [InlineData("SystemDefault", TransferProxyUsage.SystemDefault)]
    [InlineData("none", TransferProxyUsage.NoProxy)]
    [InlineData("noproxy", TransferProxyUsage.NoProxy)]
    [InlineData("AUTO", TransferProxyUsage.AutoDetect)]
    [InlineData("override", TransferProxyUsage.Override)]
    public void ProxyUsages_TakeTheShortAndTheProtocolNames(string text, TransferProxyUsage expected)
    {
        Assert.True(JobOptionParsers.TryParseProxyUsage(text, out var usage, out var error), error);
        Assert.Equal(expected, usage);
    }

    [Theory]
    [InlineData("direct")]
    [InlineData("1")]
    public void OtherProxyUsages_AreRefused_WithTheNames(string text)
    {
        Assert.False(JobOptionParsers.TryParseProxyUsage(text, out _, out var error));
        Assert.Contains("system|none|auto|override", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("transferred", TransferNotifyEvents.Transferred)]
    [InlineData("Error", TransferNotifyEvents.Error)]
    [InlineData("both", TransferNotifyEvents.Transferred | TransferNotifyEvents.Error)]
    public void NotifyEvents_Parse(string text, TransferNotifyEvents expected)
    {
        Assert.True(JobOptionParsers.TryParseNotifyOn(text, out var events, out var error), error);
        Assert.Equal(expected, events);
        Assert.False(JobOptionParsers.TryParseNotifyOn("none", out _, out var refused));
        Assert.Contains("transferred|error|both", refused, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("any", TransferCostPolicy.Always)]
    [InlineData("always", TransferCostPolicy.Always)]
    [InlineData("Unmetered", TransferCostPolicy.Unmetered)]
    public void Networks_Parse(string text, TransferCostPolicy expected)
    {
        Assert.True(JobOptionParsers.TryParseNetwork(text, out var policy, out var error), error);
        Assert.Equal(expected, policy);
        Assert.False(JobOptionParsers.TryParseNetwork("metered", out _, out var refused));
        Assert.Contains("any|unmetered", refused, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bits", UploadMethod.Bits)]
    [InlineData("BITS", UploadMethod.Bits)]
    [InlineData(" Put ", UploadMethod.Put)]
    public void UploadMethods_ParseInAnyCase(string text, UploadMethod expected)
    {
        Assert.True(JobOptionParsers.TryParseUploadMethod(text, out var method, out var error), error);
        Assert.Equal(expected, method);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("post")]
    public void OtherUploadMethods_AreRefused_WithTheNames(string text)
    {
        Assert.False(JobOptionParsers.TryParseUploadMethod(text, out _, out var error));
        Assert.Equal($"'{text}' is not an upload method; use bits|put", error);
    }

    [Theory]
    [InlineData("proxy:8080")]
    [InlineData("http://proxy.example.com:3128")]
    [InlineData("https://10.0.0.1:443")]
    [InlineData("[::1]:8080")]
    public void Proxies_AreHostPortOrHttpUrls(string text)
    {
        Assert.True(JobOptionParsers.TryParseProxy(text, out var proxy, out var error), error);
        Assert.Equal(text, proxy);
    }

    [Theory]
    [InlineData("", "is not a proxy")]
    [InlineData("socks5://proxy:1080", "is not a proxy")]
    [InlineData("http://proxy:8080/path", "is not a proxy")]
    [InlineData("a b:1", "is not a proxy")]
    [InlineData("http://bob:s3cret@proxy:8080", "cannot hold a user name or password")]
    public void OtherProxies_AreRefused_WithoutRepeatingAPassword(string text, string message)
    {
        Assert.False(JobOptionParsers.TryParseProxy(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BypassEntries_AreHostPatterns()
    {
        Assert.True(JobOptionParsers.TryParseBypass("*.example.com", out var bypass, out _));
        Assert.Equal("*.example.com", bypass);
        Assert.True(JobOptionParsers.TryParseBypass("<local>", out _, out _));
        Assert.False(JobOptionParsers.TryParseBypass("a b", out _, out var error));
        Assert.Contains("not a host name pattern", error, StringComparison.Ordinal);
        Assert.False(JobOptionParsers.TryParseBypass(" ", out _, out _));
    }

    [Theory]
    [InlineData("ann", true)]
    [InlineData(@"CORP\ann", true)]
    [InlineData("", false)]
    [InlineData("  ", false)]
    [InlineData("a\nb", false)]
    public void UserNames_AreOneLine_AndNotBlank(string text, bool valid)
    {
        Assert.Equal(valid, JobOptionParsers.TryParseUserName(text, out var userName, out var error));
        Assert.Equal(valid ? text : null, userName);
        Assert.Equal(valid, error is null);
        Assert.False(JobOptionParsers.TryParseUserName(new string('u', 257), out _, out _));
    }

    [Fact]
    public void ANotificationProgram_IsMadeAbsolute_AndMustBeAnExecutablePath()
    {
        using var directory = new TestDirectory();
        var script = System.IO.Path.Combine(directory.Path, "done.sh");
        File.WriteAllText(script, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var plain = System.IO.Path.Combine(directory.Path, "plain.txt");
        File.WriteAllText(plain, "");

        Assert.True(JobOptionParsers.TryParseProgram("./done.sh", directory.Path, out var program, out var error), error);
        Assert.Equal(script, program);
        Assert.True(JobOptionParsers.TryParseProgram(script, "/", out program, out _));
        Assert.Equal(script, program);

        Assert.False(JobOptionParsers.TryParseProgram("done.sh", directory.Path, out _, out error));
        Assert.Contains("not a path; the program runs without a shell or PATH search", error, StringComparison.Ordinal);
        Assert.False(JobOptionParsers.TryParseProgram("./missing", directory.Path, out _, out error));
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.False(JobOptionParsers.TryParseProgram(plain, directory.Path, out _, out error));
        Assert.Contains("is not executable", error, StringComparison.Ordinal);
        Assert.False(JobOptionParsers.TryParseProgram("", directory.Path, out _, out _));
    }
}
