using System.Management.Automation;
using System.Reflection;
using BitsLite.PowerShell.Commands;
using BitsLite.PowerShell.Tests.Support;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.PowerShell.Tests.Commands;

/// <summary>
/// The job settings parameters, declared once on <see cref="JobOptionsCmdlet"/> for Start-Transfer and Set-Transfer,
/// checked from metadata (what the parameters do at run time needs PowerShell: the Pester suite runs the cmdlets).
/// Their rules are the host's, <see cref="TransferOptionRules"/>, tested in BitsLite.Protocol.Tests.
/// </summary>
public sealed class JobOptionsCmdletTests
{
    /// <summary>The parameters each setting of <see cref="TransferOptions"/> is given with.</summary>
    private static readonly Dictionary<string, string[]> ParametersOfSetting = new(StringComparer.Ordinal)
    {
        [nameof(TransferOptions.Credentials)] = ["Credential", "Authentication", "ProxyCredential", "ProxyAuthentication"],
        [nameof(TransferOptions.Proxy)] = ["ProxyUsage", "ProxyList", "ProxyBypass"],
        [nameof(TransferOptions.Notification)] = ["NotifyCmdLine"],
    };

    private static readonly Type[] Cmdlets = [typeof(StartTransferCommand), typeof(SetTransferCommand)];

    private static IEnumerable<PropertyInfo> OptionParameters =>
        typeof(JobOptionsCmdlet).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.GetCustomAttributesData().Any(a => a.AttributeType == typeof(ParameterAttribute)));

    private static IList<CustomAttributeTypedArgument> Range(string parameter) =>
        typeof(JobOptionsCmdlet).GetProperty(parameter)!.GetCustomAttributesData().Single(a => a.AttributeType == typeof(ValidateRangeAttribute)).ConstructorArguments;

    [Fact]
    public void StartAndSetTransfer_TakeTheSettingsFromOneDeclaration()
    {
        foreach (var cmdlet in Cmdlets)
        {
            Assert.Equal(typeof(JobOptionsCmdlet), cmdlet.BaseType);
            var own = cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(p => p.Name);
            Assert.Empty(own.Intersect(OptionParameters.Select(p => p.Name)));
            Assert.All(OptionParameters, p => Assert.Contains(CmdletParameter.Of(cmdlet), c => c.Name == p.Name && c.InAllSets));
        }
    }

    [Fact]
    public void EverySetting_HasAParameter()
    {
        // A setting added to TransferOptions without a way to give it from PowerShell fails here.
        var parameters = OptionParameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var setting in typeof(TransferOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name))
        {
            var names = ParametersOfSetting.TryGetValue(setting, out var mapped) ? mapped : [setting];
            Assert.All(names, name => Assert.True(parameters.Contains(name), $"The setting {setting} has no parameter -{name}."));
        }
    }

    [Fact]
    public void EverySetting_IsAPropertyOfTheTransferObject()
    {
        var shown = typeof(BitsLite.Transfer).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var renamed = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [nameof(TransferOptions.Proxy)] = ["ProxyUsage", "ProxyList", "ProxyBypass"],
            [nameof(TransferOptions.Notification)] = ["NotifyCmdLine"],
        };

        foreach (var setting in typeof(TransferOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name))
        {
            Assert.All(renamed.TryGetValue(setting, out var names) ? names : [setting], name => Assert.Contains(name, shown));
        }
    }

    [Theory]
    [InlineData(nameof(JobOptionsCmdlet.MaxBandwidth))]
    [InlineData(nameof(JobOptionsCmdlet.MaxDownloadTime))]
    [InlineData(nameof(JobOptionsCmdlet.RetryTimeout))]
    public void Limits_TakeZero_ForNoLimitOrNeverRetry_OnBothCmdlets(string parameter) =>
        Assert.Equal(0L, Convert.ToInt64(Range(parameter)[0].Value, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void TheRetryInterval_StartsWhereTheHostsRuleDoes() =>
        Assert.Equal((long)TransferOptionRules.DefaultMinimumRetryInterval.TotalSeconds, Convert.ToInt64(Range(nameof(JobOptionsCmdlet.RetryInterval))[0].Value, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(nameof(JobOptionsCmdlet.CustomHeaders))]
    [InlineData(nameof(JobOptionsCmdlet.NotifyCmdLine))]
    public void AnEmptyArray_IsTaken_ForNone(string parameter) =>
        Assert.Contains(typeof(JobOptionsCmdlet).GetProperty(parameter)!.GetCustomAttributesData(), a => a.AttributeType == typeof(AllowEmptyCollectionAttribute));

    [Fact]
    public void WriteOnlyHeaders_AreASwitch() =>
        Assert.Equal(typeof(SwitchParameter), typeof(JobOptionsCmdlet).GetProperty(nameof(JobOptionsCmdlet.CustomHeadersWriteOnly))!.PropertyType);

    [Fact]
    public void TheTransferObject_ShowsTimesInSeconds_AndNoLimitAsZero()
    {
        var limited = new BitsLite.Transfer(Transfers.Named("t") with
        {
            Options = new TransferOptions
            {
                DisplayName = "t",
                MaxDownloadTime = TimeSpan.FromHours(2),
                MaxBandwidth = 4096,
                CustomHeaders = ["X-A: ***"],
                Notification = new TransferNotification { Program = "/usr/bin/logger", Arguments = ["done"] },
            },
        });
        var plain = new BitsLite.Transfer(Transfers.Named("p"));
        var hidden = new BitsLite.Transfer(Transfers.Named("h") with { Options = new TransferOptions { DisplayName = "h", CustomHeadersWriteOnly = true } });

        Assert.Equal((7200, 4096L), (limited.MaxDownloadTime, limited.MaxBandwidth));
        Assert.Equal((0, 0L), (plain.MaxDownloadTime, plain.MaxBandwidth));
        Assert.Equal((600, 1_209_600), (plain.RetryInterval, plain.RetryTimeout));
        Assert.Equal(["X-A: ***"], limited.CustomHeaders);
        Assert.Equal(["/usr/bin/logger", "done"], limited.NotifyCmdLine);
        Assert.Empty(plain.NotifyCmdLine);
        Assert.True(hidden.CustomHeadersWriteOnly);
        Assert.False(plain.CustomHeadersWriteOnly);
    }
}
