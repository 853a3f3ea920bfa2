using BitsLite.Engine.Requests;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Requests;

public sealed class JobOptionsValidatorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static TransferException Refused(Action validate)
    {
        var ex = Assert.Throws<TransferException>(validate);
        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        return ex;
    }

    private static TransferCredential Credential(string user = "alice", string? password = "pw", TransferAuthScheme scheme = TransferAuthScheme.Basic, TransferCredentialTarget target = TransferCredentialTarget.Server) =>
        new() { UserName = user, Password = password, Scheme = scheme, Target = target };

    [Fact]
    public void Credentials_OnePerTargetAndScheme_AreAccepted()
    {
        JobOptionsValidator.ValidateCredentials(
        [
            Credential(), Credential(scheme: TransferAuthScheme.Ntlm, user: "CORP\\alice"), Credential(target: TransferCredentialTarget.Proxy),
            Credential("user@REALM", "", TransferAuthScheme.Negotiate),
        ]);
    }

    [Fact]
    public void Credentials_TwiceForTheSameTargetAndScheme_AreRefused()
    {
        var ex = Refused(() => JobOptionsValidator.ValidateCredentials([Credential(), Credential("bob")]));

        Assert.Contains("two Server credentials for Basic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_WithoutAPassword_AreRefused_WithoutEchoingAnything()
    {
        var ex = Refused(() => JobOptionsValidator.ValidateCredentials([Credential(password: null)]));

        Assert.Contains("needs a password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_WithAPasswordTooLong_AreRefused_WithoutShowingIt()
    {
        var password = new string('p', JobOptionsValidator.MaxPasswordLength) + "-tail-7a1";

        var ex = Refused(() => JobOptionsValidator.ValidateCredentials([Credential(password: password)]));

        Assert.DoesNotContain("-tail-7a1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BasicUserNames_WithAColon_AreRefused_ButDigestOnesAreNot()
    {
        var ex = Refused(() => JobOptionsValidator.ValidateCredentials([Credential("al:ice")]));

        Assert.Contains("cannot contain ':'", ex.Message, StringComparison.Ordinal);
        JobOptionsValidator.ValidateCredentials([Credential("al:ice", scheme: TransferAuthScheme.Digest)]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ali\nce")]
    public void UserNames_EmptyOrWithControlCharacters_AreRefused(string user) =>
        Refused(() => JobOptionsValidator.ValidateCredentials([Credential(user)]));

    [Fact]
    public void Credentials_WithUnknownTargetsOrSchemes_AreRefused()
    {
        Refused(() => JobOptionsValidator.ValidateCredentials([Credential(target: (TransferCredentialTarget)7)]));
        Refused(() => JobOptionsValidator.ValidateCredentials([Credential(scheme: (TransferAuthScheme)9)]));
    }

    [Fact]
    public void Override_WithoutAProxyList_IsRefused()
    {
        var ex = Refused(() => JobOptionsValidator.ValidateProxy(new TransferProxy { Usage = TransferProxyUsage.Override }));

        Assert.Contains("needs at least one proxy", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TransferProxyUsage.SystemDefault)]
    [InlineData(TransferProxyUsage.NoProxy)]
    [InlineData(TransferProxyUsage.AutoDetect)]
    public void AListOrBypass_WithoutOverride_IsRefused(TransferProxyUsage usage)
    {
        Refused(() => JobOptionsValidator.ValidateProxy(new TransferProxy { Usage = usage, List = ["proxy.test:3128"] }));
        Refused(() => JobOptionsValidator.ValidateProxy(new TransferProxy { Usage = usage, Bypass = ["<local>"] }));
        JobOptionsValidator.ValidateProxy(new TransferProxy { Usage = usage });
    }

    [Fact]
    public void AProxyAddressWithUserInfo_IsRefused_WithoutShowingThePassword()
    {
        var ex = Refused(() => JobOptionsValidator.ValidateProxy(new TransferProxy { Usage = TransferProxyUsage.Override, List = ["http://bob:hidden-42@proxy.test:3128"] }));

        Assert.Contains("Proxy credential", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-42", ex.Message, StringComparison.Ordinal);
        Assert.Contains("http://***@proxy.test:3128", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("proxy.test:3128", "http://proxy.test:3128/")]
    [InlineData("http://proxy.test:8080", "http://proxy.test:8080/")]
    [InlineData("https://proxy.test:443/", "https://proxy.test/")]
    [InlineData("10.0.0.1:3128", "http://10.0.0.1:3128/")]
    public void ProxyAddresses_AreParsedAsHttpUris(string entry, string expected) =>
        Assert.Equal(new Uri(expected), JobOptionsValidator.ParseProxy(entry));

    [Theory]
    [InlineData("")]
    [InlineData("ftp://proxy.test:21")]
    [InlineData("http://proxy.test:3128/path")]
    [InlineData("socks5://proxy.test:1080")]
    public void ProxyAddresses_OtherThanHostAndPort_AreRefused(string entry) =>
        Refused(() => JobOptionsValidator.ParseProxy(entry));

    [Theory]
    [InlineData("two words.example.com")]
    [InlineData(" ")]
    [InlineData("tab\there")]
    public void BypassEntries_WithSpaces_AreRefused(string entry) =>
        Refused(() => JobOptionsValidator.ValidateProxy(new TransferProxy { Usage = TransferProxyUsage.Override, List = ["proxy.test:3128"], Bypass = [entry] }));

    [Fact]
    public void TooManyProxies_AreRefused() =>
        Refused(() => JobOptionsValidator.ValidateProxy(new TransferProxy
        {
            Usage = TransferProxyUsage.Override,
            List = [.. Enumerable.Range(1, JobOptionsValidator.MaxProxies + 1).Select(i => $"p{i}.test:3128")],
        }));

    [Fact]
    public void UnknownProxyUsage_IsRefused() =>
        Refused(() => JobOptionsValidator.ValidateProxy(new TransferProxy { Usage = (TransferProxyUsage)9 }));

    [Fact]
    public void ANotification_WithARelativePath_IsRefused()
    {
        var ex = Refused(() => JobOptionsValidator.ValidateNotification(new TransferNotification { Program = "bin/notify" }, emptyRemoves: false));

        Assert.Contains("absolute path", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANotification_WithAMissingProgram_IsRefused()
    {
        var ex = Refused(() => JobOptionsValidator.ValidateNotification(new TransferNotification { Program = _dir.File("missing") }, emptyRemoves: false));

        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANotification_WithANonExecutableProgram_IsRefused_AndAnExecutableOneAccepted()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var program = _dir.File("notify.sh");
        File.WriteAllText(program, "#!/bin/sh\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var ex = Refused(() => JobOptionsValidator.ValidateNotification(new TransferNotification { Program = program }, emptyRemoves: false));
        Assert.Contains("not executable", ex.Message, StringComparison.Ordinal);

        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        JobOptionsValidator.ValidateNotification(new TransferNotification { Program = program, Arguments = ["--job", "x"] }, emptyRemoves: false);
    }

    [Fact]
    public void AnEmptyNotificationProgram_RemovesOnlyInAChange()
    {
        JobOptionsValidator.ValidateNotification(new TransferNotification { Program = "" }, emptyRemoves: true);
        Refused(() => JobOptionsValidator.ValidateNotification(new TransferNotification { Program = "" }, emptyRemoves: false));
    }

    [Fact]
    public void UnknownNotifyEventsAndCostPolicies_AreRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var program = _dir.File("notify");
        File.WriteAllText(program, "#!/bin/sh\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Refused(() => JobOptionsValidator.ValidateNotification(new TransferNotification { Program = program, On = (TransferNotifyEvents)8 }, emptyRemoves: false));
        Refused(() => JobOptionsValidator.ValidateCostPolicy((TransferCostPolicy)42));
        JobOptionsValidator.ValidateCostPolicy(null);
        JobOptionsValidator.ValidateCostPolicy(TransferCostPolicy.Unmetered);
    }
}
