using BitsLite.Client;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;
using BitsLite.Testing;
using Xunit.Abstractions;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// A data root, socket directory or file in them that is not the user's alone is refused, by the client before it
/// sends anything or starts a host, and by the host before it writes anything (its log included); nothing is chmod-ed,
/// chown-ed or written there. Where the attack needs a second account, 'nobody' prepares the place (<see cref="OtherUser"/>).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateDataRootTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const UnixFileMode Mode0755 = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Mode0644 = (UnixFileMode)0b110_100_100;
    private const UnixFileMode StickyWorldWritable = (UnixFileMode)0b1_111_111_111;

    private readonly HostTestEnvironment _env = new();
    private readonly TempDirectory _outside = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        _outside.Dispose();
    }

    [Fact]
    public async Task ADataRootAnotherUserPrepared_IsRefusedByTheClient_AndNothingOfOursReachesIt()
    {
        // The review's attack: nobody makes the directory, with their own jobs.key and an empty 0666 jobs.db, and root
        // is pointed at it; root's passwords would be encrypted with nobody's key into nobody's database.
        if (await NobodysDataRootAsync() is not { } root)
        {
            return;
        }

        var refused = await Assert.ThrowsAsync<TransferException>(() => ConnectAsync(root));

        Assert.Equal(TransferErrorCode.AccessDenied, refused.Code);
        Assert.Contains($"The data root '{root}' is owned by uid 65534, not you (uid 0): BitsLite keeps secrets there.", refused.Message, StringComparison.Ordinal);
        Assert.Contains("unset BITSLITE_HOME or point it at a new path", refused.Message, StringComparison.Ordinal);
        AssertUntouched(root);
    }

    [Fact]
    public async Task ADataRootAnotherUserPrepared_IsRefusedByTheHost_BeforeItWritesEvenItsLog()
    {
        // Started by hand or by a service manager, the host checks for itself; nobody also planted host.log as a link
        // to a file of root's, which a host writing its log first would have appended to.
        if (await NobodysDataRootAsync() is not { } root)
        {
            return;
        }

        var victim = Victim();
        await OtherUser.ShellAsync($"ln -s '{victim}' '{root}/host.log'");

        var (exitCode, said) = await HostTestEnvironment.RunRefusedHostAsync(root);

        Assert.Equal(1, exitCode);
        Assert.Contains($"The data root '{root}' is owned by uid 65534, not you (uid 0)", said, StringComparison.Ordinal);
        Assert.Equal("root's own file\n", await File.ReadAllTextAsync(victim));
        AssertUntouched(root, "host.log");
    }

    [Fact]
    public async Task ALinkWhereTheLogGoes_IsNeverFollowed_ByTheClientOrTheHost()
    {
        var victim = Victim();
        File.CreateSymbolicLink(_env.Paths.LogFile, victim);

        var refused = await Assert.ThrowsAsync<TransferException>(() => _env.ConnectAsync());
        var (exitCode, said) = await HostTestEnvironment.RunRefusedHostAsync(_env.Paths.DataRoot);

        Assert.Equal(TransferErrorCode.AccessDenied, refused.Code);
        Assert.Contains($"The host log '{_env.Paths.LogFile}' is a symbolic link", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, exitCode);
        Assert.Contains("is a symbolic link", said, StringComparison.Ordinal);
        Assert.Equal("root's own file\n", await File.ReadAllTextAsync(victim));
    }

    [Fact]
    public async Task ASharedDirectoryAsDataRoot_IsRefused_AndNeverChmodded()
    {
        // BITSLITE_HOME=/tmp as root once chmod-ed /tmp to 0700, breaking every other user. A directory like it:
        var shared = Outside("like-tmp", StickyWorldWritable);

        var refused = await Assert.ThrowsAsync<TransferException>(() => ConnectAsync(shared));
        var (exitCode, said) = await HostTestEnvironment.RunRefusedHostAsync(shared);

        Assert.Equal(TransferErrorCode.AccessDenied, refused.Code);
        Assert.Contains($"The data root '{shared}' is a shared directory (mode 1777", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, exitCode);
        Assert.Contains("is a shared directory", said, StringComparison.Ordinal);
        Assert.Equal(StickyWorldWritable, File.GetUnixFileMode(shared));
        Assert.Empty(Directory.GetFileSystemEntries(shared));
    }

    [Fact]
    public async Task ADataRootBelowADirectoryOthersMayWrite_IsRefused_AndNotCreated()
    {
        // Whoever may write the parent may rename our data root away and put their own in its place.
        var open = Outside("open", (UnixFileMode)0b111_111_111);
        var root = Path.Combine(open, "home");

        var refused = await Assert.ThrowsAsync<TransferException>(() => ConnectAsync(root));

        Assert.Equal(TransferErrorCode.AccessDenied, refused.Code);
        Assert.Contains($"The directory '{open}' above the data root '{root}' is writable by other users (mode 0777) and has no sticky bit", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public async Task ADataRootBelowAStickyDirectory_AsInTmp_IsCreatedOwnerOnly_AndServes()
    {
        var root = Path.Combine(Outside("sticky", StickyWorldWritable), "home");

        await using (var client = await ConnectAsync(root))
        {
            Assert.Equal(root, (await client.GetHostStatusAsync()).DataRoot);
            using var host = await HostTestEnvironment.HostProcessAsync(client);
            await client.StopHostAsync();
            await HostTestEnvironment.WaitForExitAsync(host);
        }

        Assert.Equal(OwnerOnlyDirectory.Mode, File.GetUnixFileMode(root));
    }

    [Theory]
    [InlineData("jobs.db", "job database")]
    [InlineData("jobs.db-wal", "job database's write-ahead log")]
    [InlineData("jobs.db-shm", "job database's shared-memory file")]
    [InlineData("jobs.key", "key file")]
    [InlineData("host.log", "host log")]
    [InlineData("host.lock", "host lock file")]
    public async Task AFileOpenToOthers_IsRefused_AndLeftAsItIs(string name, string what)
    {
        var path = Plant(name, Mode0644);

        var message = await RefusedByClientAndHostAsync();

        Assert.Contains($"The {what} '{path}' is open to other users (mode 0644)", message, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 '{path}'", message, StringComparison.Ordinal);
        Assert.Equal(Mode0644, File.GetUnixFileMode(path));
        Assert.Equal("planted", await File.ReadAllTextAsync(path));
    }

    [Theory]
    [InlineData("jobs.db")]
    [InlineData("jobs.db-wal")]
    [InlineData("jobs.db-shm")]
    [InlineData("jobs.key")]
    [InlineData("host.log")]
    [InlineData("host.lock")]
    public async Task AFileOfAnotherUser_IsRefused_AndLeftAsItIs(string name)
    {
        // As root, SQLite even hands its -wal and -shm to the owner of the database it opens.
        if (OtherUser.WhyUnavailable() is { } why)
        {
            output.WriteLine($"SKIPPED: {why}.");
            return;
        }

        var path = Plant(name, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        OtherUser.Own(path);

        var message = await RefusedByClientAndHostAsync();

        Assert.Contains($"'{path}' is owned by uid 65534, not you (uid 0)", message, StringComparison.Ordinal);
        Assert.Equal(OtherUser.Uid, OtherUser.OwnerOf(path));
        Assert.Equal("planted", await File.ReadAllTextAsync(path));
    }

    [Theory]
    [InlineData("jobs.db")]
    [InlineData("jobs.db-wal")]
    [InlineData("jobs.key")]
    [InlineData("host.lock")]
    public async Task ALinkInsteadOfAFile_IsRefused_AndItsTargetUntouched(string name)
    {
        var victim = Victim();
        File.CreateSymbolicLink(Path.Combine(_env.Paths.DataRoot, name), victim);

        var message = await RefusedByClientAndHostAsync();

        Assert.Contains($"'{Path.Combine(_env.Paths.DataRoot, name)}' is a symbolic link", message, StringComparison.Ordinal);
        Assert.Equal("root's own file\n", await File.ReadAllTextAsync(victim));
    }

    /// <summary>A directory of root's outside the test's home, with <paramref name="mode"/>.</summary>
    private string Outside(string name, UnixFileMode mode)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_outside.Path, name)).FullName;
        File.SetUnixFileMode(directory, mode);
        return directory;
    }

    /// <summary>Connects a client whose data root (and socket directory) is <paramref name="root"/>, starting a host there if none runs.</summary>
    private Task<BitsLiteClient> ConnectAsync(string root) => BitsLiteClient.ConnectAsync(_env.Options() with { Paths = new(root, root) });

    /// <summary>A data root made by nobody (0755) in a sticky world-writable directory, holding their jobs.key and an empty 0666 jobs.db; null where nobody cannot be used.</summary>
    private async Task<string?> NobodysDataRootAsync()
    {
        File.SetUnixFileMode(_outside.Path, StickyWorldWritable);
        if (OtherUser.WhyUnavailable(_outside.Path) is { } why)
        {
            output.WriteLine($"SKIPPED: {why}.");
            return null;
        }

        var root = Path.Combine(_outside.Path, "theirs");
        await OtherUser.ShellAsync($"umask 022 && mkdir '{root}' && head -c 32 /dev/urandom > '{root}/jobs.key' && : > '{root}/jobs.db' && chmod 666 '{root}/jobs.db'");
        return root;
    }

    /// <summary>Nobody's data root holds only what they put there, as they left it.</summary>
    private static void AssertUntouched(string root, params string[] alsoPlanted)
    {
        Assert.Equal(
            new[] { "jobs.db", "jobs.key" }.Concat(alsoPlanted).Order(StringComparer.Ordinal),
            Directory.GetFileSystemEntries(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(0, new FileInfo(Path.Combine(root, "jobs.db")).Length);
        Assert.Equal(Mode0755, File.GetUnixFileMode(root));
        Assert.Equal(OtherUser.Uid, OtherUser.OwnerOf(root));
    }

    /// <summary>A file of root's outside the data root, that a link planted inside points to.</summary>
    private string Victim()
    {
        var victim = _outside.File("victim.txt");
        File.WriteAllText(victim, "root's own file\n");
        return victim;
    }

    private string Plant(string name, UnixFileMode mode)
    {
        var path = Path.Combine(_env.Paths.DataRoot, name);
        File.WriteAllText(path, "planted");
        File.SetUnixFileMode(path, mode);
        return path;
    }

    /// <summary>The client's refusal, after checking the host (started by hand) refuses the same data root with the same words.</summary>
    private async Task<string> RefusedByClientAndHostAsync()
    {
        var refused = await Assert.ThrowsAsync<TransferException>(() => _env.ConnectAsync());
        var (exitCode, said) = await HostTestEnvironment.RunRefusedHostAsync(_env.Paths.DataRoot);

        Assert.Equal(TransferErrorCode.AccessDenied, refused.Code);
        Assert.Equal(1, exitCode);
        Assert.Equal($"bitslite-host: {refused.Message}", said.Trim());
        return refused.Message;
    }
}
