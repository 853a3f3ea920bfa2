namespace BitsLite.Engine.Tests.Network;

/// <summary>
/// Output of <c>nmcli --terse --escape yes --fields GENERAL.DEVICE,GENERAL.STATE,GENERAL.METERED,IP4.GATEWAY,IP4.ROUTE,IP6.GATEWAY,IP6.ROUTE device show</c>
/// (LC_ALL=C) as NetworkManager 1.4x writes it: one block per device, an empty line between blocks, ':' and '\' in values
/// escaped with '\', empty values left empty, multi-valued fields numbered.
/// </summary>
internal static class NmcliSamples
{
    /// <summary>A laptop on home Wi-Fi (NetworkManager guessed "not metered"), with a docker bridge, loopback and unplugged Ethernet.</summary>
    public const string HomeWifi = """
        GENERAL.DEVICE:wlp0s20f3
        GENERAL.STATE:100 (connected)
        GENERAL.METERED:no (guessed)
        IP4.GATEWAY:192.168.1.1
        IP4.ROUTE[1]:dst = 0.0.0.0/0, nh = 192.168.1.1, mt = 600
        IP4.ROUTE[2]:dst = 192.168.1.0/24, nh = 0.0.0.0, mt = 600
        IP6.GATEWAY:fe80\:\:1
        IP6.ROUTE[1]:dst = fe80\:\:/64, nh = \:\:, mt = 1024
        IP6.ROUTE[2]:dst = \:\:/0, nh = fe80\:\:1, mt = 600

        GENERAL.DEVICE:docker0
        GENERAL.STATE:100 (connected (externally))
        GENERAL.METERED:unknown
        IP4.GATEWAY:
        IP4.ROUTE[1]:dst = 172.17.0.0/16, nh = 0.0.0.0, mt = 0
        IP6.GATEWAY:

        GENERAL.DEVICE:lo
        GENERAL.STATE:100 (connected (externally))
        GENERAL.METERED:unknown
        IP4.GATEWAY:
        IP4.ROUTE[1]:dst = 127.0.0.0/8, nh = 0.0.0.0, mt = 0
        IP6.GATEWAY:
        IP6.ROUTE[1]:dst = \:\:1/128, nh = \:\:, mt = 256

        GENERAL.DEVICE:enp0s31f6
        GENERAL.STATE:20 (unavailable)
        GENERAL.METERED:unknown
        IP4.GATEWAY:
        IP6.GATEWAY:

        GENERAL.DEVICE:p2p-dev-wlp0s20f3
        GENERAL.STATE:30 (disconnected)
        GENERAL.METERED:unknown
        IP4.GATEWAY:
        IP6.GATEWAY:
        """;

    /// <summary>Wi-Fi to a phone's hotspot: the phone's DHCP said so (ANDROID_METERED), so NetworkManager guessed "metered".</summary>
    public const string PhoneHotspot = """
        GENERAL.DEVICE:wlp2s0
        GENERAL.STATE:100 (connected)
        GENERAL.METERED:yes (guessed)
        IP4.GATEWAY:192.168.43.1
        IP4.ROUTE[1]:dst = 0.0.0.0/0, nh = 192.168.43.1, mt = 600
        IP4.ROUTE[2]:dst = 192.168.43.0/24, nh = 0.0.0.0, mt = 600
        IP6.GATEWAY:
        IP6.ROUTE[1]:dst = fe80\:\:/64, nh = \:\:, mt = 1024

        GENERAL.DEVICE:lo
        GENERAL.STATE:100 (connected (externally))
        GENERAL.METERED:unknown
        IP4.GATEWAY:
        IP6.GATEWAY:
        """;

    /// <summary>Ethernet the user marked metered (connection.metered yes).</summary>
    public const string EthernetMarkedMetered = """
        GENERAL.DEVICE:enp3s0
        GENERAL.STATE:100 (connected)
        GENERAL.METERED:yes
        IP4.GATEWAY:10.0.0.1
        IP4.ROUTE[1]:dst = 0.0.0.0/0, nh = 10.0.0.1, mt = 100
        IP4.ROUTE[2]:dst = 10.0.0.0/24, nh = 0.0.0.0, mt = 100
        IP6.GATEWAY:
        """;

    /// <summary>Docked: Ethernet the user marked unmetered, and Wi-Fi NetworkManager guessed unmetered; both with a default route.</summary>
    public const string DockedEthernetAndWifi = """
        GENERAL.DEVICE:enp0s31f6
        GENERAL.STATE:100 (connected)
        GENERAL.METERED:no
        IP4.GATEWAY:10.1.0.1
        IP4.ROUTE[1]:dst = 0.0.0.0/0, nh = 10.1.0.1, mt = 100
        IP4.ROUTE[2]:dst = 10.1.0.0/16, nh = 0.0.0.0, mt = 100
        IP6.GATEWAY:

        GENERAL.DEVICE:wlp0s20f3
        GENERAL.STATE:100 (connected)
        GENERAL.METERED:no (guessed)
        IP4.GATEWAY:10.1.0.1
        IP4.ROUTE[1]:dst = 0.0.0.0/0, nh = 10.1.0.1, mt = 600
        IP4.ROUTE[2]:dst = 10.1.0.0/16, nh = 0.0.0.0, mt = 600
        IP6.GATEWAY:
        """;

    /// <summary>
    /// Ethernet (not metered) and a mobile broadband modem (metered), both with a default route; the modem's is a
    /// point-to-point route with no gateway address.
    /// </summary>
    public const string EthernetAndMobileBroadband = """
        GENERAL.DEVICE:enp0s25
        GENERAL.STATE:100 (connected)
        GENERAL.METERED:no (guessed)
        IP4.GATEWAY:192.168.0.1
        IP4.ROUTE[1]:dst = 0.0.0.0/0, nh = 192.168.0.1, mt = 100
        IP4.ROUTE[2]:dst = 192.168.0.0/24, nh = 0.0.0.0, mt = 100
        IP6.GATEWAY:

        GENERAL.DEVICE:cdc-wdm0
        GENERAL.STATE:100 (connected)
        GENERAL.METERED:yes
        IP4.GATEWAY:
        IP4.ROUTE[1]:dst = 0.0.0.0/0, nh = 0.0.0.0, mt = 700
        IP6.GATEWAY:
        """;

    /// <summary>A VPN tunnel (its metered flag unknown) over Wi-Fi that NetworkManager guessed unmetered.</summary>
    public const string VpnOverWifi = """
        GENERAL.DEVICE:wlp0s20f3
        GENERAL.STATE:100 (connected)
        GENERAL.METERED:no (guessed)
        IP4.GATEWAY:192.168.1.1
        IP4.ROUTE[1]:dst = 0.0.0.0/0, nh = 192.168.1.1, mt = 600
        IP6.GATEWAY:

        GENERAL.DEVICE:tun0
        GENERAL.STATE:100 (connected (externally))
        GENERAL.METERED:unknown
        IP4.GATEWAY:
        IP4.ROUTE[1]:dst = 0.0.0.0/0, nh = 0.0.0.0, mt = 50
        IP6.GATEWAY:
        """;

    /// <summary>A container's eth0, configured outside NetworkManager, which cannot tell its cost.</summary>
    public const string ExternallyConfiguredUnknown = """
        GENERAL.DEVICE:eth0
        GENERAL.STATE:100 (connected (externally))
        GENERAL.METERED:unknown
        IP4.GATEWAY:172.17.0.1
        IP4.ROUTE[1]:dst = 0.0.0.0/0, nh = 172.17.0.1, mt = 0
        IP6.GATEWAY:

        GENERAL.DEVICE:lo
        GENERAL.STATE:100 (connected (externally))
        GENERAL.METERED:unknown
        IP4.GATEWAY:
        IP6.GATEWAY:
        """;

    /// <summary>Offline: Wi-Fi switched off, cable unplugged; only loopback is up.</summary>
    public const string Offline = """
        GENERAL.DEVICE:wlp0s20f3
        GENERAL.STATE:20 (unavailable)
        GENERAL.METERED:unknown
        IP4.GATEWAY:
        IP6.GATEWAY:

        GENERAL.DEVICE:enp0s31f6
        GENERAL.STATE:20 (unavailable)
        GENERAL.METERED:unknown
        IP4.GATEWAY:
        IP6.GATEWAY:

        GENERAL.DEVICE:lo
        GENERAL.STATE:100 (connected (externally))
        GENERAL.METERED:unknown
        IP4.GATEWAY:
        IP6.GATEWAY:
        """;

    /// <summary>Wi-Fi still connecting (state 70): it has a gateway already, but carries no traffic yet.</summary>
    public const string MeteredWifiStillConnecting = """
        GENERAL.DEVICE:wlp2s0
        GENERAL.STATE:70 (connecting (getting IP configuration))
        GENERAL.METERED:yes (guessed)
        IP4.GATEWAY:192.168.43.1
        IP6.GATEWAY:
        """;
}
