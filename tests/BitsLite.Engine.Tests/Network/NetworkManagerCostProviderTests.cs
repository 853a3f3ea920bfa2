using BitsLite.Engine.Network;
using BitsLite.Protocol.Hosting;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Network;

public class NetworkManagerCostProviderTests
{
    [Theory]
    [InlineData(NmcliSamples.HomeWifi, NetworkCost.Unmetered)]
    [InlineData(NmcliSamples.PhoneHotspot, NetworkCost.Metered)]
    [InlineData(NmcliSamples.EthernetMarkedMetered, NetworkCost.Metered)]
    [InlineData(NmcliSamples.DockedEthernetAndWifi, NetworkCost.Unmetered)]
    [InlineData(NmcliSamples.EthernetAndMobileBroadband, NetworkCost.Metered)]
    [InlineData(NmcliSamples.VpnOverWifi, NetworkCost.Unmetered)]
    [InlineData(NmcliSamples.ExternallyConfiguredUnknown, NetworkCost.Unknown)]
    [InlineData(NmcliSamples.Offline, NetworkCost.Unknown)]
    [InlineData(NmcliSamples.MeteredWifiStillConnecting, NetworkCost.Unknown)]
    public void CapturedOutput_IsReadByTheDefaultRouteRule(string output, NetworkCost expected) =>
        Assert.Equal(expected, NetworkManagerCostProvider.Parse(output));

    [Fact]
    public void WindowsLineEndings_AndAMissingEmptyLineBetweenDevices_ReadTheSame()
    {
        var crlf = NmcliSamples.PhoneHotspot.Replace("\n", "\r\n", StringComparison.Ordinal);
        var joined = NmcliSamples.DockedEthernetAndWifi.Replace("\n\n", "\n", StringComparison.Ordinal) + "\n" + NmcliSamples.PhoneHotspot;

        Assert.Equal(NetworkCost.Metered, NetworkManagerCostProvider.Parse(crlf));
        Assert.Equal(NetworkCost.Metered, NetworkManagerCostProvider.Parse(joined));
    }

    [Fact]
    public void ADefaultRouteWithoutAGateway_CountsLikeAGateway()
    {
        // Only the route says it: a point-to-point link (ppp0) with no gateway address.
        const string Output = """
            GENERAL.DEVICE:ppp0
            GENERAL.STATE:100 (connected)
            GENERAL.METERED:yes
            IP4.GATEWAY:
            IP4.ROUTE[1]:dst = 0.0.0.0/0, nh = 0.0.0.0, mt = 50
            """;

        Assert.Equal(NetworkCost.Metered, NetworkManagerCostProvider.Parse(Output));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("Error: NetworkManager is not running.")]
    [InlineData("Error: invalid field 'GENERAL.METERED'; allowed fields: GENERAL,CAPABILITIES,INTERFACE-FLAGS")]
    [InlineData("\u0000\u0001garbage:::\n:no\nGENERAL.METERED\nyes (guessed)\n")]
    [InlineData("GENERAL.DEVICE:wlan0\nGENERAL.STATE:connected\nGENERAL.METERED:maybe\nIP4.GATEWAY:192.168.1.1\n")]
    public void NoDevices_OrGarbage_AreUnknown(string output) =>
        Assert.Equal(NetworkCost.Unknown, NetworkManagerCostProvider.Parse(output));

    [Fact]
    public async Task AMissingNmcli_AnswersUnknown()
    {
        var provider = new NetworkManagerCostProvider("/nonexistent/bitslite-test/nmcli");

        Assert.Equal(NetworkCost.Unknown, await provider.GetCostAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AFakeNmcli_IsAskedForTheFieldsTheParserReads_InTheCLocale()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // The fake nmcli is a shell script.
        }

        using var directory = new TempDirectory();
        var sample = directory.File("sample.txt");
        var asked = directory.File("asked.txt");
        await File.WriteAllTextAsync(sample, NmcliSamples.PhoneHotspot);
        var nmcli = Script(directory.File("nmcli"), $"""
            printf '%s\n' "$*" "LC_ALL=$LC_ALL" > '{asked}'
            cat '{sample}'
            """);

        var cost = await new NetworkManagerCostProvider(nmcli).GetCostAsync(CancellationToken.None);

        Assert.Equal(NetworkCost.Metered, cost);
        Assert.Equal(
            [string.Join(' ', NetworkManagerCostProvider.NmcliArguments), "LC_ALL=C"],
            await File.ReadAllLinesAsync(asked));
    }

    [Fact]
    public async Task AFailingNmcli_AnswersUnknown_WhateverItPrinted()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // The fake nmcli is a shell script.
        }

        using var directory = new TempDirectory();
        var sample = directory.File("sample.txt");
        await File.WriteAllTextAsync(sample, NmcliSamples.PhoneHotspot);
        var nmcli = Script(directory.File("nmcli"), $"""
            cat '{sample}'
            echo 'Error: NetworkManager is not running.' >&2
            exit 8
            """);

        Assert.Equal(NetworkCost.Unknown, await new NetworkManagerCostProvider(nmcli).GetCostAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AHangingNmcli_IsKilledAfterTheTimeout_AndAnswersUnknown()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // The fake nmcli is a shell script.
        }

        using var directory = new TempDirectory();
        var nmcli = Script(directory.File("nmcli"), "exec sleep 60");
        var started = DateTime.UtcNow;

        var cost = await new NetworkManagerCostProvider(nmcli, TimeSpan.FromMilliseconds(300)).GetCostAsync(CancellationToken.None);

        Assert.Equal(NetworkCost.Unknown, cost);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the provider waited for the hanging nmcli");
    }

    /// <summary>Writes an executable shell script.</summary>
    internal static string Script(string path, string body)
    {
        File.WriteAllText(path, "#!/bin/sh\n" + body.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
