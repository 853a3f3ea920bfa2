using BitsLite.Protocol.Hosting;

namespace BitsLite.Protocol.Tests.Hosting;

public class HostEnvironmentVariablesTests
{
    private static Dictionary<string, string?> Environment() => new()
    {
        ["PATH"] = "/usr/bin", ["HOME"] = "/home/ann", ["LANG"] = "de_DE.UTF-8", ["LC_TIME"] = "C", ["TZ"] = "Europe/Berlin",
        ["XDG_RUNTIME_DIR"] = "/run/user/1000", ["DOTNET_ROOT"] = "/opt/dotnet", ["https_proxy"] = "http://ann:pw@proxy:3128",
        ["HTTP_PROXY"] = "ann:pw@proxy:8080", ["no_proxy"] = "localhost", ["SSL_CERT_FILE"] = "/etc/ca.pem", ["KRB5CCNAME"] = "FILE:/tmp/krb5cc",
        ["BITSLITE_HOME"] = "/data/bits", ["BITSLITE_BACKOFF"] = "off", ["BITSLITE_MAX_CONNECTIONS"] = "8",
        ["BITSLITE_PASSWORD"] = "secret", ["BITSLITE_PROXY_PASSWORD"] = "secret", ["BITSLITE_HOST_PATH"] = "/opt/bitslite-host",
        ["AWS_SECRET_ACCESS_KEY"] = "secret", ["GITHUB_TOKEN"] = "secret", ["SSH_AUTH_SOCK"] = "/tmp/agent", ["OLDPWD"] = "/home/ann",
    };

    [Fact]
    public void TheHost_GetsWhatItNeeds_AndNothingElse()
    {
        var environment = Environment();

        HostEnvironmentVariables.Scrub(environment);

        Assert.Equal(
            ["BITSLITE_BACKOFF", "BITSLITE_HOME", "BITSLITE_MAX_CONNECTIONS", "DOTNET_ROOT", "HOME", "HTTP_PROXY", "KRB5CCNAME", "LANG", "LC_TIME", "PATH", "SSL_CERT_FILE", "TZ", "XDG_RUNTIME_DIR", "https_proxy", "no_proxy"],
            environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("http://ann:pw@proxy:3128", environment["https_proxy"]);
    }

    [Fact]
    public void ANotifyProgram_GetsTheProxies_WithoutTheirCredentials()
    {
        var environment = Environment();

        HostEnvironmentVariables.ScrubForChild(environment);

        Assert.Equal("http://proxy:3128", environment["https_proxy"]);
        Assert.Equal("proxy:8080", environment["HTTP_PROXY"]);
        Assert.Equal("localhost", environment["no_proxy"]);
        Assert.DoesNotContain(environment.Values, v => v!.Contains("secret", StringComparison.Ordinal) || v.Contains(":pw@", StringComparison.Ordinal));
    }
}
