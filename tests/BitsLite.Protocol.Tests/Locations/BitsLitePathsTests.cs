using BitsLite.Protocol.Locations;

namespace BitsLite.Protocol.Tests.Locations;

public class BitsLitePathsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Linux_UsesXdgDataHome_AndTheRuntimeDirectoryForTheSocket()
    {
        var paths = BitsLitePaths.Resolve(Env(("XDG_DATA_HOME", "/data/alice"), ("XDG_RUNTIME_DIR", "/run/user/1000")), HostPlatform.Linux, "/home/alice");

        Assert.Equal("/data/alice/bitslite", paths.DataRoot);
        Assert.Equal("/data/alice/bitslite/jobs.db", paths.Database);
        Assert.Equal("/data/alice/bitslite/host.log", paths.LogFile);
        Assert.Equal("/run/user/1000/bitslite/host.sock", paths.Socket);
    }

    [Fact]
    public void Linux_FallsBackToLocalShare_AndKeepsTheSocketInTheDataRoot()
    {
        var paths = BitsLitePaths.Resolve(Env(), HostPlatform.Linux, "/home/alice");

        Assert.Equal("/home/alice/.local/share/bitslite", paths.DataRoot);
        Assert.Equal("/home/alice/.local/share/bitslite/host.sock", paths.Socket);
    }

    [Fact]
    public void RelativeXdgVariables_AreIgnored_AsTheSpecificationSays()
    {
        var paths = BitsLitePaths.Resolve(Env(("XDG_DATA_HOME", "relative/data"), ("XDG_RUNTIME_DIR", "run")), HostPlatform.Linux, "/home/alice");

        Assert.Equal("/home/alice/.local/share/bitslite", paths.DataRoot);
        Assert.Equal(paths.DataRoot, paths.SocketDirectory);
    }

    [Fact]
    public void BitsLiteHome_OverridesEverything_SoTestsAreIsolated()
    {
        var paths = BitsLitePaths.Resolve(Env((BitsLitePaths.HomeVariable, "/tmp/isolated"), ("XDG_DATA_HOME", "/data"), ("XDG_RUNTIME_DIR", "/run/user/1000")), HostPlatform.Linux, "/home/alice");

        Assert.Equal("/tmp/isolated", paths.DataRoot);
        Assert.Equal("/tmp/isolated/host.sock", paths.Socket);
    }

    [Fact]
    public void MacOS_UsesApplicationSupport()
    {
        var paths = BitsLitePaths.Resolve(Env(("XDG_DATA_HOME", "/ignored")), HostPlatform.MacOS, "/Users/alice");

        Assert.Equal("/Users/alice/Library/Application Support/BitsLite", paths.DataRoot);
        Assert.Equal(paths.DataRoot, paths.SocketDirectory);
    }

    [Fact]
    public void Windows_UsesLocalAppData()
    {
        if (!OperatingSystem.IsWindows())
        {
            // A Windows path is not fully qualified on Unix; check the rule with a Unix-style root instead.
            var paths = BitsLitePaths.Resolve(Env(("LOCALAPPDATA", "/appdata/local")), HostPlatform.Windows, "/home/alice");
            Assert.Equal(Path.Combine("/appdata/local", "BitsLite"), paths.DataRoot);
            return;
        }

        var windows = BitsLitePaths.Resolve(Env(("LOCALAPPDATA", @"C:\Users\alice\AppData\Local")), HostPlatform.Windows, @"C:\Users\alice");
        Assert.Equal(@"C:\Users\alice\AppData\Local\BitsLite", windows.DataRoot);
    }

    [Fact]
    public void WithoutAnyHome_TheErrorSaysWhatToSet()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => BitsLitePaths.Resolve(Env(), HostPlatform.Linux, null));
        Assert.Contains(BitsLitePaths.HomeVariable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForCurrentUser_GivesAbsolutePaths()
    {
        var paths = BitsLitePaths.ForCurrentUser();
        Assert.True(Path.IsPathFullyQualified(paths.Database));
        Assert.True(Path.IsPathFullyQualified(paths.Socket));
    }
}
