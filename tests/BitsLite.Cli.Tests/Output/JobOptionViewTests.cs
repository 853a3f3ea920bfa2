using System.Text.Json;
using BitsLite.Cli.Output;
using BitsLite.Cli.Tests.Support;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Tests.Output;

/// <summary>Credentials, proxy, notification and transfer policy in <c>info</c> and <c>--json</c>; no password ever.</summary>
public class JobOptionViewTests
{
    private const string Password = "never-shown-6b1d";

    private static readonly TransferInfo Plain = SampleJobs.Job("guarded", TransferState.Queued);

    /// <summary>A job as no host would send it: with passwords in its credentials.</summary>
    private static readonly TransferInfo Guarded = Plain with
    {
        Options = Plain.Options with
        {
            Credentials =
            [
                new TransferCredential { Target = TransferCredentialTarget.Server, Scheme = TransferAuthScheme.Basic, UserName = "ann", Password = Password },
                new TransferCredential { Target = TransferCredentialTarget.Proxy, Scheme = TransferAuthScheme.Ntlm, UserName = @"CORP\bob", Password = Password },
            ],
            Proxy = new TransferProxy { Usage = TransferProxyUsage.Override, List = ["p1:8080", "http://p2:3128"], Bypass = ["*.corp", "<local>"] },
            Notification = new TransferNotification { Program = "/usr/local/bin/fetched", Arguments = ["isos", "a b", "it's"], On = TransferNotifyEvents.Error },
            TransferPolicy = TransferCostPolicy.Unmetered,
        },
        QueueReason = "waiting for an unmetered network (the current network is metered)",
    };

    [Fact]
    public void Details_ShowUsersSchemesProxyNotificationAndPolicy_ButNoPassword()
    {
        var text = TransferDetailsView.Render(Guarded, TimeZoneInfo.Utc);

        Assert.Contains("State:             Queued, waiting for an unmetered network (the current network is metered)", text, StringComparison.Ordinal);
        Assert.Contains("Credentials:       Server, Basic, user ann" + Environment.NewLine + @"                   Proxy, Ntlm, user CORP\bob", text, StringComparison.Ordinal);
        Assert.Contains("Proxy:             Override" + Environment.NewLine
            + "  Proxies:         p1:8080, http://p2:3128" + Environment.NewLine
            + "  Bypass:          *.corp, <local>", text, StringComparison.Ordinal);
        Assert.Contains("Notify:            /usr/local/bin/fetched isos 'a b' 'it'\\''s'" + Environment.NewLine + "  On:              Error", text, StringComparison.Ordinal);
        Assert.Contains("Transfer policy:   Unmetered (waits while the network is metered)", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
    }

    [Fact]
    public void DetailsOfAJobWithoutThem_SayNoneAndTheDefaults()
    {
        var text = TransferDetailsView.Render(SampleJobs.Job("plain"), TimeZoneInfo.Utc);

        Assert.Contains("Credentials:       none", text, StringComparison.Ordinal);
        Assert.Contains("Proxy:             SystemDefault (the host's http_proxy/https_proxy/no_proxy)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Proxies:", text, StringComparison.Ordinal);
        Assert.Contains("Notify:            none", text, StringComparison.Ordinal);
        Assert.Contains("Transfer policy:   Always (any network)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_NeverHoldsAPassword_EvenWhenTheJobCarriesOne()
    {
        // And header values in the clear, which no host sends either: JSON shows their names only.
        var carrying = Guarded with { Options = Guarded.Options with { CustomHeaders = [$"Authorization: Bearer {Password}", "X-Trace: 42"] } };
        foreach (var json in new[] { JsonOutput.Transfer(carrying), JsonOutput.Transfers([carrying]) })
        {
            Assert.DoesNotContain(Password, json, StringComparison.Ordinal);
            Assert.DoesNotContain("password", json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("X-Trace: 42", json, StringComparison.Ordinal);
            Assert.Contains("\"Authorization: ***\"", json, StringComparison.Ordinal);
        }

        var writeOnly = carrying with { Options = carrying.Options with { CustomHeadersWriteOnly = true } };
        Assert.DoesNotContain("Authorization", JsonOutput.Transfer(writeOnly), StringComparison.Ordinal);

        using var document = JsonDocument.Parse(JsonOutput.Transfer(Guarded));
        var root = document.RootElement;
        var server = root.GetProperty("options").GetProperty("credentials")[0];
        Assert.Equal("Server", server.GetProperty("target").GetString());
        Assert.Equal("Basic", server.GetProperty("scheme").GetString());
        Assert.Equal("ann", server.GetProperty("userName").GetString());
        Assert.Equal("Override", root.GetProperty("options").GetProperty("proxy").GetProperty("usage").GetString());
        Assert.Equal("/usr/local/bin/fetched", root.GetProperty("options").GetProperty("notification").GetProperty("program").GetString());
        Assert.Equal("Error", root.GetProperty("options").GetProperty("notification").GetProperty("on").GetString());
        Assert.Equal("Unmetered", root.GetProperty("options").GetProperty("transferPolicy").GetString());
        Assert.StartsWith("waiting for an unmetered network", root.GetProperty("queueReason").GetString(), StringComparison.Ordinal);

        // The job itself is left as it was.
        Assert.Equal(Password, Guarded.Options.Credentials[0].Password);
    }
}
