using BitsLite.Cli.Arguments;
using BitsLite.Cli.Errors;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Arguments;

public class JobSettingsValuesTests
{
    private static readonly TransferFileSpec[] Files = [new("https://example.com/a", "/tmp/a")];

    [Fact]
    public void A_request_carries_every_setting()
    {
        var request = new JobSettingsValues
        {
            DisplayName = "isos",
            Description = "monthly",
            Priority = TransferPriority.High,
            MaxBandwidth = 2048,
            RetryInterval = TimeSpan.FromMinutes(1),
            RetryTimeout = TimeSpan.Zero,
            MaxDownloadTime = TimeSpan.FromHours(2),
            Headers = ["X-A: 1"],
        }.ToRequest(Files, suspended: true, TransferPriority.Foreground);

        Assert.Equal("isos", request.DisplayName);
        Assert.Equal("monthly", request.Description);
        Assert.Equal(TransferPriority.High, request.Priority);
        Assert.Equal(2048, request.MaxBandwidth);
        Assert.Equal(TimeSpan.FromMinutes(1), request.RetryInterval);
        Assert.Equal(TimeSpan.Zero, request.RetryTimeout);
        Assert.Equal(TimeSpan.FromHours(2), request.MaxDownloadTime);
        Assert.Equal(["X-A: 1"], request.CustomHeaders);
        Assert.True(request.Suspended);
        Assert.Equal(Files, request.Files);
    }

    [Fact]
    public void A_request_takes_the_verbs_default_priority_and_leaves_zero_limits_out()
    {
        var request = new JobSettingsValues { MaxBandwidth = 0, MaxDownloadTime = TimeSpan.Zero }.ToRequest(Files, suspended: false, TransferPriority.Foreground);
        Assert.Equal(TransferPriority.Foreground, request.Priority);
        Assert.Null(request.MaxBandwidth);
        Assert.Null(request.MaxDownloadTime);
        Assert.Null(request.DisplayName);
        Assert.Equal("", request.Description);
    }

    [Fact]
    public void A_change_sends_zero_to_clear_limits_and_null_for_what_was_not_given()
    {
        var settings = new JobSettingsValues { MaxBandwidth = 0, MaxDownloadTime = TimeSpan.Zero }.ToSettings();
        Assert.Equal(0, settings.MaxBandwidth);
        Assert.Equal(TimeSpan.Zero, settings.MaxDownloadTime);
        Assert.Null(settings.DisplayName);
        Assert.Null(settings.Priority);
        Assert.Null(settings.CustomHeaders);
    }

    [Fact]
    public void Headers_are_replaced_or_cleared()
    {
        Assert.Equal(["X-A: 1"], new JobSettingsValues { Headers = ["X-A: 1"] }.ToSettings().CustomHeaders);
        Assert.Empty(new JobSettingsValues { ClearHeaders = true }.ToSettings().CustomHeaders!);
        var both = Assert.Throws<CliException>(() => new JobSettingsValues { ClearHeaders = true, Headers = ["X-A: 1"] }.ToSettings());
        Assert.Contains("not both", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_upload_method_alone_is_a_change_and_goes_only_with_set()
    {
        var values = new JobSettingsValues { UploadMethod = UploadMethod.Put };

        Assert.Equal(new TransferSettings { UploadMethod = UploadMethod.Put }, values.ToSettings());
        var error = Assert.Throws<CliException>(() => values.ToRequest(Files, suspended: false, TransferPriority.Normal));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("--upload-method only applies to 'set'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_change_is_a_usage_error()
    {
        var error = Assert.Throws<CliException>(() => new JobSettingsValues().ToSettings());
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("nothing to change", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("a\tb")]
    public void Blank_or_control_character_names_are_refused(string name)
    {
        Assert.Throws<CliException>(() => new JobSettingsValues { DisplayName = name }.ToRequest(Files, false, TransferPriority.Normal));
        Assert.Throws<CliException>(() => new JobSettingsValues { DisplayName = name }.ToSettings());
    }

    [Fact]
    public void Overlong_descriptions_are_refused()
    {
        var error = Assert.Throws<CliException>(() => new JobSettingsValues { Description = new string('x', 1025) }.ToSettings());
        Assert.Contains("1025", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_changes_need_something_in_range()
    {
        Assert.Throws<CliException>(() => HostPolicyChangeBuilder.Build(null, null));
        Assert.Throws<CliException>(() => HostPolicyChangeBuilder.Build(null, 0));
        Assert.Throws<CliException>(() => HostPolicyChangeBuilder.Build(null, 65));
        var change = HostPolicyChangeBuilder.Build(0, 8);
        Assert.Equal(0, change.BackgroundBandwidth);
        Assert.Equal(8, change.MaxActiveJobs);
        Assert.Null(change.NetworkCostOverride);
        Assert.Equal(new HostPolicyChange { NetworkCostOverride = NetworkCostOverride.Auto }, HostPolicyChangeBuilder.Build(null, null, NetworkCostOverride.Auto));
    }

    [Theory]
    [InlineData("auto", NetworkCostOverride.Auto)]
    [InlineData("Metered", NetworkCostOverride.Metered)]
    [InlineData(" UNMETERED ", NetworkCostOverride.Unmetered)]
    public void Network_cost_names_parse_in_any_case(string text, NetworkCostOverride expected)
    {
        Assert.True(HostPolicyChangeBuilder.TryParseNetworkCost(text, out var parsed, out var error), error);
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("wifi")]
    public void Other_network_costs_are_refused_with_the_names(string text)
    {
        Assert.False(HostPolicyChangeBuilder.TryParseNetworkCost(text, out _, out var error));
        Assert.Contains("auto|metered|unmetered", error, StringComparison.Ordinal);
    }
}
