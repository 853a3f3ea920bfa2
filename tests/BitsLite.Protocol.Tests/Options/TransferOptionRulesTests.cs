using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing;

namespace BitsLite.Protocol.Tests.Options;

/// <summary>
/// The rules of job settings, which the CLI, the cmdlets and the host all apply: credentials, proxy, notification,
/// texts, times, limits and headers (formerly the engine's JobOptionsValidator and TransferRequestValidator).
/// </summary>
public sealed class TransferOptionRulesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static TransferException Refused(Action validate)
    {
        var ex = Assert.Throws<TransferException>(validate);
        Assert.Equal(TransferErrorCode.InvalidArgument, ex.Code);
        return ex;
    }

    private static TransferException Refused(TransferOptionsPatch patch, TimeSpan? minimumRetryInterval = null) =>
        Refused(() => TransferOptionRules.Validate(patch, minimumRetryInterval));

    private static TransferCredential Credential(string user = "alice", string? password = "pw", TransferAuthScheme scheme = TransferAuthScheme.Basic, TransferCredentialTarget target = TransferCredentialTarget.Server) =>
        new() { UserName = user, Password = password, Scheme = scheme, Target = target };

    private string Executable(string name)
    {
        var program = _dir.File(name);
        File.WriteAllText(program, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return program;
    }

    // Credentials.

    [Fact]
    public void Credentials_OnePerTargetAndScheme_AreAccepted()
    {
        TransferOptionRules.ValidateCredentials(
        [
            Credential(), Credential(scheme: TransferAuthScheme.Ntlm, user: "CORP\\alice"), Credential(target: TransferCredentialTarget.Proxy),
            Credential("user@REALM", "", TransferAuthScheme.Negotiate),
        ]);
    }

    [Fact]
    public void Credentials_TwiceForTheSameTargetAndScheme_AreRefused()
    {
        var ex = Refused(() => TransferOptionRules.ValidateCredentials([Credential(), Credential("bob")]));

        Assert.Contains("two Server credentials for Basic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_WithoutAPassword_AreRefused_WithoutEchoingAnything()
    {
        var ex = Refused(() => TransferOptionRules.ValidateCredentials([Credential(password: null)]));

        Assert.Contains("needs a password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_WithAPasswordTooLong_AreRefused_WithoutShowingIt()
    {
        var password = new string('p', TransferOptionRules.MaxPasswordLength) + "-tail-7a1";

        var ex = Refused(() => TransferOptionRules.ValidateCredentials([Credential(password: password)]));

        Assert.DoesNotContain("-tail-7a1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BasicUserNames_WithAColon_AreRefused_ButDigestOnesAreNot()
    {
        var ex = Refused(() => TransferOptionRules.ValidateCredentials([Credential("al:ice")]));

        Assert.Contains("cannot contain ':'", ex.Message, StringComparison.Ordinal);
        TransferOptionRules.ValidateCredentials([Credential("al:ice", scheme: TransferAuthScheme.Digest)]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ali\nce")]
    public void UserNames_EmptyOrWithControlCharacters_AreRefused(string user) =>
        Refused(() => TransferOptionRules.ValidateCredentials([Credential(user)]));

    [Fact]
    public void UserNames_LongerThanTheLimit_AreRefused()
    {
        TransferOptionRules.ValidateUserName(new string('u', TransferOptionRules.MaxUserNameLength), TransferAuthScheme.Basic);
        Refused(() => TransferOptionRules.ValidateUserName(new string('u', TransferOptionRules.MaxUserNameLength + 1), TransferAuthScheme.Basic));
    }

    [Fact]
    public void Credentials_WithUnknownTargetsOrSchemes_AreRefused()
    {
        Refused(() => TransferOptionRules.ValidateCredentials([Credential(target: (TransferCredentialTarget)7)]));
        Refused(() => TransferOptionRules.ValidateCredentials([Credential(scheme: (TransferAuthScheme)9)]));
    }

    [Fact]
    public void NullCredentials_FromAForeignClient_AreRefusedAsInvalid_NotCrashes() =>
        Refused(() => TransferOptionRules.ValidateCredentials([null!]));

    [Fact]
    public void APatch_ChecksItsCredentials() =>
        Assert.Contains("two Server credentials", Refused(new TransferOptionsPatch { Credentials = [Credential(), Credential("bob")] }).Message, StringComparison.Ordinal);

    // Proxy.

    [Fact]
    public void Override_WithoutAProxyList_IsRefused()
    {
        var ex = Refused(() => TransferOptionRules.ValidateProxy(new TransferProxy { Usage = TransferProxyUsage.Override }));

        Assert.Contains("needs at least one proxy", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TransferProxyUsage.SystemDefault)]
    [InlineData(TransferProxyUsage.NoProxy)]
    [InlineData(TransferProxyUsage.AutoDetect)]
    public void AListOrBypass_WithoutOverride_IsRefused(TransferProxyUsage usage)
    {
        var list = Refused(() => TransferOptionRules.ValidateProxy(new TransferProxy { Usage = usage, List = ["proxy.test:3128"] }));
        Refused(() => TransferOptionRules.ValidateProxy(new TransferProxy { Usage = usage, Bypass = ["<local>"] }));
        TransferOptionRules.ValidateProxy(new TransferProxy { Usage = usage });

        Assert.Contains($"go only with proxy usage Override, not {usage}", list.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AProxyAddressWithUserInfo_IsRefused_WithoutShowingThePassword()
    {
        var ex = Refused(() => TransferOptionRules.ValidateProxy(new TransferProxy { Usage = TransferProxyUsage.Override, List = ["http://bob:hidden-42@proxy.test:3128"] }));

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
        Assert.Equal(new Uri(expected), TransferOptionRules.ParseProxy(entry));

    [Theory]
    [InlineData("")]
    [InlineData("ftp://proxy.test:21")]
    [InlineData("http://proxy.test:3128/path")]
    [InlineData("socks5://proxy.test:1080")]
    public void ProxyAddresses_OtherThanHostAndPort_AreRefused(string entry) =>
        Refused(() => TransferOptionRules.ParseProxy(entry));

    [Theory]
    [InlineData("two words.example.com")]
    [InlineData(" ")]
    [InlineData("tab\there")]
    public void BypassEntries_WithSpaces_AreRefused(string entry) =>
        Refused(() => TransferOptionRules.ValidateProxy(new TransferProxy { Usage = TransferProxyUsage.Override, List = ["proxy.test:3128"], Bypass = [entry] }));

    [Fact]
    public void TooManyProxies_AreRefused() =>
        Refused(() => TransferOptionRules.ValidateProxy(new TransferProxy
        {
            Usage = TransferProxyUsage.Override,
            List = [.. Enumerable.Range(1, TransferOptionRules.MaxProxies + 1).Select(i => $"p{i}.test:3128")],
        }));

    [Fact]
    public void UnknownProxyUsage_IsRefused() =>
        Refused(() => TransferOptionRules.ValidateProxy(new TransferProxy { Usage = (TransferProxyUsage)9 }));

    [Fact]
    public void APatch_ChecksItsProxy() =>
        Refused(new TransferOptionsPatch { Proxy = new TransferProxy { Usage = TransferProxyUsage.Override } });

    // Notification.

    [Fact]
    public void ANotification_WithARelativePath_IsRefused()
    {
        var ex = Refused(() => TransferOptionRules.ValidateNotification(new TransferNotification { Program = "bin/notify" }));

        Assert.Contains("absolute path", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANotification_WithAMissingProgram_IsRefused()
    {
        var ex = Refused(() => TransferOptionRules.ValidateNotification(new TransferNotification { Program = _dir.File("missing") }));

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

        var ex = Refused(() => TransferOptionRules.ValidateNotification(new TransferNotification { Program = program }));
        Assert.Contains("not executable", ex.Message, StringComparison.Ordinal);

        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        TransferOptionRules.ValidateNotification(new TransferNotification { Program = program, Arguments = ["--job", "x"] });
    }

    [Fact]
    public void AnEmptyNotificationProgram_IsAccepted_AndRemovesTheNotification_InANewJobAsInAChange()
    {
        // Zero, empty and "none" mean the same in a new job and in a change: no notification.
        var none = new TransferOptionsPatch { Notification = new TransferNotification { Program = "" } };
        var current = new TransferOptions { Notification = new TransferNotification { Program = "/usr/bin/logger" } };

        TransferOptionRules.Validate(none);

        Assert.Null(none.ApplyTo(new TransferOptions()).Notification);
        Assert.Null(none.ApplyTo(current).Notification);
    }

    [Fact]
    public void ANotification_WithTooManyOrNulArguments_IsRefused()
    {
        var program = Executable("many");

        Refused(() => TransferOptionRules.ValidateNotification(new TransferNotification { Program = program, Arguments = [.. Enumerable.Repeat("a", TransferOptionRules.MaxNotifyArguments + 1)] }));
        Refused(() => TransferOptionRules.ValidateNotification(new TransferNotification { Program = program, Arguments = ["a\0b"] }));
        TransferOptionRules.ValidateNotification(new TransferNotification { Program = program, Arguments = [.. Enumerable.Repeat("a", TransferOptionRules.MaxNotifyArguments)] });
    }

    [Fact]
    public void UnknownNotifyEventsAndCostPolicies_AreRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var program = Executable("notify");

        Refused(() => TransferOptionRules.ValidateNotification(new TransferNotification { Program = program, On = (TransferNotifyEvents)8 }));
        var policy = Refused(new TransferOptionsPatch { TransferPolicy = (TransferCostPolicy)42 });
        Assert.Contains("Transfer policy 42 does not exist; use Always or Unmetered", policy.Message, StringComparison.Ordinal);
        TransferOptionRules.Validate(new TransferOptionsPatch());
        TransferOptionRules.Validate(new TransferOptionsPatch { TransferPolicy = TransferCostPolicy.Unmetered });
    }

    // Texts, priority, upload method.

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line\nbreak")]
    public void BlankOrControlCharacterDisplayNames_AreRefused(string name) =>
        Assert.Contains("display name", Refused(new TransferOptionsPatch { DisplayName = name }).Message, StringComparison.Ordinal);

    [Fact]
    public void DisplayNames_AreLimitedTo256Characters()
    {
        TransferOptionRules.Validate(new TransferOptionsPatch { DisplayName = new string('n', TransferOptionRules.MaxDisplayNameLength) });
        Refused(new TransferOptionsPatch { DisplayName = new string('n', TransferOptionRules.MaxDisplayNameLength + 1) });
    }

    [Fact]
    public void Description_IsLimitedTo1024Characters()
    {
        TransferOptionRules.Validate(new TransferOptionsPatch { Description = new string('d', 1024) });
        var ex = Refused(new TransferOptionsPatch { Description = new string('d', 1025) });
        Assert.Contains("1025", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndefinedPriorities_AreRefused()
    {
        TransferOptionRules.Validate(new TransferOptionsPatch { Priority = TransferPriority.Low });
        var ex = Refused(new TransferOptionsPatch { Priority = (TransferPriority)7 });
        Assert.Contains("Foreground, High, Normal or Low", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndefinedUploadMethods_AreRefused()
    {
        var ex = Refused(new TransferOptionsPatch { UploadMethod = (UploadMethod)7 });
        Assert.Contains("Upload method 7 does not exist; use Bits or Put", ex.Message, StringComparison.Ordinal);
    }

    // Times and limits: zero means "no limit" in a new job as in a change; negative is refused.

    [Fact]
    public void Times_BelowTheMinimumOrNegative_AreRefused()
    {
        var minimum = TimeSpan.FromSeconds(5);
        Assert.Contains("at least 5 s", Refused(new TransferOptionsPatch { RetryInterval = TimeSpan.FromSeconds(1) }, minimum).Message, StringComparison.Ordinal);
        Assert.Contains("retry timeout cannot be negative", Refused(new TransferOptionsPatch { RetryTimeout = TimeSpan.FromSeconds(-1) }, minimum).Message, StringComparison.Ordinal);
        Assert.Contains("maximum download time cannot be negative", Refused(new TransferOptionsPatch { MaxDownloadTime = TimeSpan.FromSeconds(-1) }, minimum).Message, StringComparison.Ordinal);
        Assert.Contains("bandwidth limit cannot be negative", Refused(new TransferOptionsPatch { MaxBandwidth = -1 }, minimum).Message, StringComparison.Ordinal);
        TransferOptionRules.Validate(new TransferOptionsPatch { RetryInterval = minimum, RetryTimeout = TimeSpan.Zero, MaxDownloadTime = TimeSpan.Zero, MaxBandwidth = 0 }, minimum);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(-1)]
    public void Connections_OutsideOneToSixteen_AreRefused_NamingTheRange(int connections) =>
        Assert.Contains($"Connections must be 1 to 16, not {connections}", Refused(new TransferOptionsPatch { Connections = connections }).Message, StringComparison.Ordinal);

    [Fact]
    public void Connections_AreFourByDefault_AndAPatchSetsThem()
    {
        TransferOptionRules.Validate(new TransferOptionsPatch { Connections = 1 });
        TransferOptionRules.Validate(new TransferOptionsPatch { Connections = 16 });

        Assert.Equal(4, new TransferOptions().Connections);
        Assert.Equal(8, new TransferOptionsPatch { Connections = 8 }.ApplyTo(new TransferOptions()).Connections);
        Assert.Equal(2, new TransferOptionsPatch().ApplyTo(new TransferOptions { Connections = 2 }).Connections);
    }

    [Fact]
    public void TheMinimumRetryInterval_IsTheHostsOrFiveSeconds()
    {
        Refused(new TransferOptionsPatch { RetryInterval = TimeSpan.FromSeconds(4) });
        TransferOptionRules.Validate(new TransferOptionsPatch { RetryInterval = TransferOptionRules.DefaultMinimumRetryInterval });
        TransferOptionRules.Validate(new TransferOptionsPatch { RetryInterval = TimeSpan.FromMilliseconds(50) }, TimeSpan.FromMilliseconds(50));
        Assert.Contains("at least 60 s", Refused(new TransferOptionsPatch { RetryInterval = TimeSpan.FromSeconds(30) }, TimeSpan.FromMinutes(1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroLimits_MeanNoLimit_WhenApplied()
    {
        var limited = new TransferOptions { MaxBandwidth = 1000, MaxDownloadTime = TimeSpan.FromHours(1) };

        var cleared = new TransferOptionsPatch { MaxBandwidth = 0, MaxDownloadTime = TimeSpan.Zero }.ApplyTo(limited);

        Assert.Equal(0, cleared.MaxBandwidth);
        Assert.Equal(TimeSpan.Zero, cleared.MaxDownloadTime);
    }

    // Headers.

    [Theory]
    [InlineData("NoColon")]
    [InlineData(": empty name")]
    [InlineData("Bad Name: x")]
    [InlineData("X-Injected: a\r\nEvil: b")]
    public void MalformedHeaders_AreRefused(string header)
    {
        Refused(() => TransferOptionRules.ValidateHeaders([header]));
        Assert.StartsWith("Custom header: ", Refused(new TransferOptionsPatch { CustomHeaders = [header] }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullHeaders_FromAForeignClient_AreRefusedAsInvalid_NotCrashes() =>
        Refused(() => TransferOptionRules.ValidateHeaders([null!]));

    [Fact]
    public void Headers_MayNotExceed16384CharactersInAll()
    {
        TransferOptionRules.ValidateHeaders(["X-A: " + new string('a', 16384 - 5)]);
        var ex = Refused(() => TransferOptionRules.ValidateHeaders(["X-A: " + new string('a', 16384 - 5), "X-B: b"]));
        Assert.Contains("at most 16384 characters", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Token: abc", "X-Token: abc")]
    [InlineData("X-Token:abc", "X-Token: abc")]
    [InlineData("  Accept :  text/plain  ", "Accept: text/plain")]
    [InlineData("Authorization: Bearer a:b:c", "Authorization: Bearer a:b:c")]
    [InlineData("X-Empty:", "X-Empty:")]
    [InlineData("X-Empty:   ", "X-Empty:")]
    public void TryParseHeader_NormalisesNameAndValue(string text, string expected)
    {
        Assert.True(TransferOptionRules.TryParseHeader(text, out var header, out var error), error);
        Assert.Equal(expected, header);
    }

    [Theory]
    [InlineData("NoColon", "write it as \"Name: value\"")]
    [InlineData(": value", "write it as \"Name: value\"")]
    [InlineData("", "write it as \"Name: value\"")]
    [InlineData(null, "write it as \"Name: value\"")]
    [InlineData("Bad Name: v", "'Bad Name' is not a valid header name")]
    [InlineData("X(1): v", "'X(1)' is not a valid header name")]
    [InlineData("A: b\r\nC: d", "line breaks")]
    [InlineData("A: b\nC: d", "line breaks")]
    public void TryParseHeader_RefusesMalformedHeaders(string? text, string message)
    {
        Assert.False(TransferOptionRules.TryParseHeader(text, out var header, out var error));
        Assert.Null(header);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteOnlyHeaders_CannotBeTurnedOff_WithoutNewHeaders()
    {
        var ex = Refused(new TransferOptionsPatch { CustomHeadersWriteOnly = false });

        Assert.Contains("Write-only custom headers stay write-only", ex.Message, StringComparison.Ordinal);
        TransferOptionRules.Validate(new TransferOptionsPatch { CustomHeadersWriteOnly = false, CustomHeaders = ["X-A: 1"] });
        TransferOptionRules.Validate(new TransferOptionsPatch { CustomHeadersWriteOnly = true });
    }

    // What a job's settings became, for its type.

    [Fact]
    public void ThePutMethod_IsForUploadJobsOnly()
    {
        var put = new TransferOptions { UploadMethod = UploadMethod.Put };

        TransferOptionRules.ValidateFor(TransferType.Upload, put);
        Assert.Contains("An upload method is for Upload and UploadReply jobs only", Refused(() => TransferOptionRules.ValidateFor(TransferType.Download, put)).Message, StringComparison.Ordinal);
        Assert.Contains("needs the BITS upload protocol", Refused(() => TransferOptionRules.ValidateFor(TransferType.UploadReply, put)).Message, StringComparison.Ordinal);
        foreach (var type in Enum.GetValues<TransferType>())
        {
            TransferOptionRules.ValidateFor(type, new TransferOptions());
        }
    }

    [Fact]
    public void EveryRefusal_NamesTheSetting_NotAFrontEndsParameter()
    {
        var program = Executable("neutral");
        TransferOptionsPatch[] refused =
        [
            new() { DisplayName = " " },
            new() { Description = new string('d', 2000) },
            new() { Priority = (TransferPriority)9 },
            new() { RetryInterval = TimeSpan.Zero },
            new() { RetryTimeout = TimeSpan.FromSeconds(-1) },
            new() { MaxDownloadTime = TimeSpan.FromSeconds(-1) },
            new() { MaxBandwidth = -5 },
            new() { CustomHeaders = ["nope"] },
            new() { CustomHeadersWriteOnly = false },
            new() { Credentials = [Credential("a:b")] },
            new() { Proxy = new TransferProxy { Usage = TransferProxyUsage.NoProxy, List = ["p:1"] } },
            new() { Notification = new TransferNotification { Program = program, On = (TransferNotifyEvents)16 } },
            new() { TransferPolicy = (TransferCostPolicy)5 },
            new() { UploadMethod = (UploadMethod)5 },
        ];

        foreach (var patch in refused)
        {
            var message = Refused(patch).Message;
            Assert.DoesNotContain("--", message, StringComparison.Ordinal);
            Assert.DoesNotContain("-Max", message, StringComparison.Ordinal);
        }
    }
}
