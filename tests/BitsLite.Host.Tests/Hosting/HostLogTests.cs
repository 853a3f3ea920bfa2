using BitsLite.Host.Logging;
using BitsLite.Testing;

namespace BitsLite.Host.Tests.Hosting;

public sealed class HostLogTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string LogPath => _directory.File("host.log");

    [Fact]
    public void Lines_AreTimestamped_AndLevelled()
    {
        using (var log = new HostLog(LogPath))
        {
            log.Info("hello");
            log.Error("broke", new InvalidOperationException("why"));
        }

        var text = File.ReadAllText(LogPath);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO  hello", text);
        Assert.Contains("ERROR broke InvalidOperationException: why", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryMessage_IsOneLine_WithoutTerminalEscapes_AndNoUrlInItShowsAPassword()
    {
        using (var log = new HostLog(LogPath))
        {
            log.Warn("forged\n2026-01-01T00:00:00.000Z INFO  all is well \u001b]0;pwned\u0007\u001b[2J from http://alice:s3cret@example.test/x");
            log.Error("failed", new InvalidOperationException("says \u001b[31mred\u001b[0m"));
        }

        var lines = File.ReadAllLines(LogPath);
        Assert.EndsWith("forged2026-01-01T00:00:00.000Z INFO  all is well  from http://***@example.test/x", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("ERROR failed InvalidOperationException: says red", lines[1], StringComparison.Ordinal);
        Assert.All(lines, line => Assert.DoesNotContain(line, char.IsControl));
        Assert.DoesNotContain("s3cret", File.ReadAllText(LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public void TheLog_Rotates_AndNeverGrowsBeyondItsBound()
    {
        using (var log = new HostLog(LogPath, maxFileBytes: 4096, keptFiles: 2))
        {
            for (var i = 0; i < 1000; i++)
            {
                log.Info($"line {i} " + new string('x', 50));
            }
        }

        var files = Directory.GetFiles(_directory.Path, "host.log*").Order().ToArray();
        Assert.Equal([LogPath, LogPath + ".1", LogPath + ".2"], files);
        Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 1, 4096));
        Assert.Contains("line 999 ", File.ReadAllText(LogPath), StringComparison.Ordinal);
        Assert.Contains("line 9", File.ReadAllText(LogPath + ".1"), StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void TheLogFile_IsOwnerOnly()
    {
        using (var log = new HostLog(LogPath))
        {
            log.Info("x");
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LogPath));
    }

    [Fact]
    public void AnUnwritableLog_IsSwallowed_NotThrown()
    {
        Directory.CreateDirectory(LogPath); // a directory where the file should be

        using var log = new HostLog(LogPath);
        log.Info("lost, harmlessly");
    }

    public void Dispose() => _directory.Dispose();
}
