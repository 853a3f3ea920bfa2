using BitsLite.Cli.Errors;
using BitsLite.Cli.Input;
using BitsLite.Cli.Tests.Support;

namespace BitsLite.Cli.Tests.Commands;

/// <summary>
/// The credential, proxy, notification and network options of transfer, create and set (and set's upload method), refused with exit code 2
/// before any host is contacted (none runs here, and none may be started).
/// </summary>
public sealed class JobOptionParsingTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(_directory.Path, args);

    [Theory]
    [InlineData("transfer https://example.com/a out --auth kerberos", "--auth: 'kerberos' is not an authentication scheme; use basic|digest|ntlm|negotiate.")]
    [InlineData("create https://example.com/a out --proxy-auth 1", "--proxy-auth: '1' is not an authentication scheme")]
    [InlineData("transfer https://example.com/a out --user", "Required argument missing for option: '--user'")]
    [InlineData("transfer https://example.com/a out --password s3cret", "Unknown option '--password'")]
    [InlineData("transfer https://example.com/a out --proxy-usage direct", "--proxy-usage: 'direct' is not a proxy usage; use system|none|auto|override.")]
    [InlineData("transfer https://example.com/a out --proxy socks5://p:1080", "--proxy: 'socks5://p:1080' is not a proxy; use HOST:PORT or http://HOST:PORT.")]
    [InlineData("create https://example.com/a out --proxy http://bob:s3cret@p:8080", "--proxy: a proxy address cannot hold a user name or password")]
    [InlineData("create https://example.com/a out --proxy p:1 --proxy-bypass a,,b", "--proxy-bypass: '' is not a host name pattern")]
    [InlineData("create https://example.com/a out --proxy p:1,p:2:3", "--proxy: 'p:2:3' is not a proxy")]
    [InlineData("transfer https://example.com/a out --notify-on never", "--notify-on: 'never' is not a notification event; use transferred|error|both.")]
    [InlineData("create https://example.com/a out --notify logger", "--notify: 'logger' is not a path; the program runs without a shell or PATH search")]
    [InlineData("create https://example.com/a out --notify ./missing.sh", "does not exist")]
    [InlineData("transfer https://example.com/a out --network metered", "--network: 'metered' is not a network; use any|unmetered.")]
    [InlineData("transfer https://example.com/a out --auth ntlm", "--auth needs --user")]
    [InlineData("transfer https://example.com/a out --proxy-auth digest", "--proxy-auth needs --proxy-user")]
    [InlineData("transfer https://example.com/a out --user a:b", "A Basic user name cannot contain ':' ('a:b'; RFC 7617).")]
    [InlineData("create https://example.com/a out --proxy-bypass *.corp", "--proxy-bypass needs --proxy HOST:PORT")]
    [InlineData("create https://example.com/a out --proxy-usage none --proxy p:1", "A proxy list and bypass list go only with proxy usage Override, not NoProxy.")]
    [InlineData("create https://example.com/a out --proxy-usage override", "Proxy usage Override needs at least one proxy (host:port).")]
    [InlineData("create https://example.com/a out --notify-arg x", "--notify-arg and --notify-on need --notify PROGRAM")]
    [InlineData("create https://example.com/a out --notify-on error", "--notify-arg and --notify-on need --notify PROGRAM")]
    [InlineData("transfer https://example.com/a out --clear-credentials", "Unknown option '--clear-credentials'")]
    [InlineData("create https://example.com/a out --no-notify", "Unknown option '--no-notify'")]
    [InlineData("set abcd --clear-credentials --user ann", "--clear-credentials cannot be combined with --user or --proxy-user")]
    [InlineData("set abcd --no-notify --notify-on error", "give either --notify (to replace the notification) or --no-notify, not both")]
    [InlineData("set abcd --proxy-bypass x", "--proxy-bypass needs --proxy HOST:PORT")]
    [InlineData("set abcd --auth digest", "--auth needs --user")]
    [InlineData("set abcd --network sometimes", "--network: 'sometimes' is not a network")]
    [InlineData("set abcd --upload-method post", "--upload-method: 'post' is not an upload method; use bits|put.")]
    [InlineData("create https://example.com/a out --upload-method put", "Unknown option '--upload-method'")]
    public async Task BadValuesAndMisfits_AreExitCode2_BeforeTheHost(string commandLine, string message)
    {
        var result = await RunAsync(commandLine.Split(' '));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.All(result.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries),
            line => Assert.True(line.StartsWith("bitslite: ", StringComparison.Ordinal) || line.StartsWith("See 'bitslite", StringComparison.Ordinal), line));
        Assert.DoesNotContain("s3cret", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File("host.log")), "no host was started");
    }

    [Theory]
    [InlineData("transfer", "'ann': set BITSLITE_PASSWORD")]
    [InlineData("set", "'ann': set BITSLITE_PASSWORD")]
    [InlineData("proxy", "proxy user 'bob': set BITSLITE_PROXY_PASSWORD")]
    public async Task WithoutAVariable_AndWithStandardInputAtItsEnd_ThereIsNoPassword(string verb, string message)
    {
        string[] args = verb switch
        {
            "transfer" => ["transfer", "https://example.com/a", "out", "--user", "ann"],
            "set" => ["set", "abcd", "--user", "ann", "--auth", "digest"],
            _ => ["create", "--suspended", "--proxy-user", "bob", "--proxy", "p:8080"],
        };

        var result = await CliRunner.RunAsync(_directory.Path, CliInput.FromText(""), new Dictionary<string, string>(), args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"bitslite: no password for {message}, or give it as a line on standard input (which ended).", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passwords_AreReadBeforeTheHostIsContacted()
    {
        // Both passwords are there (one per line), so the command gets as far as the host, which does not run here.
        var result = await CliRunner.RunAsync(_directory.Path, CliInput.FromText("pw\nproxy-pw\n"), new Dictionary<string, string>(),
            "create", "--suspended", "--user", "ann", "--proxy-user", "bob", "--proxy", "p:8080");

        Assert.Equal(ExitCodes.HostUnavailable, result.ExitCode);
        Assert.DoesNotContain("password", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_DocumentsTheOptions_AndWherePasswordsComeFrom()
    {
        foreach (var verb in new[] { "transfer", "create", "set" })
        {
            var help = (await RunAsync(verb, "--help")).Output;
            foreach (var option in new[] { "--user", "--auth", "--proxy-user", "--proxy-auth", "--proxy-usage", "--proxy ", "--proxy-bypass", "--notify ", "--notify-arg", "--notify-on", "--network", "BITSLITE_PASSWORD", "BITSLITE_PROXY_PASSWORD", "--header-file", "--write-only-headers" })
            {
                Assert.Contains(option, help, StringComparison.Ordinal);
            }

            // Zero is "no limit" for every verb, a new job's as a change's.
            Assert.Contains("0 or none = no limit", help, StringComparison.Ordinal);
            Assert.Equal(verb == "set", help.Contains("--clear-headers", StringComparison.Ordinal));
            Assert.Equal(verb == "set", help.Contains("--clear-credentials", StringComparison.Ordinal));
            Assert.Equal(verb == "set", help.Contains("--no-notify", StringComparison.Ordinal));
            Assert.Equal(verb == "set", help.Contains("--upload-method <bits|put>", StringComparison.Ordinal));
            Assert.DoesNotContain("--password", help, StringComparison.Ordinal);
        }
    }
}
