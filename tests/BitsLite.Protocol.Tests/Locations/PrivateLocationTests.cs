using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;

namespace BitsLite.Protocol.Tests.Locations;

/// <summary>The checks of a place BitsLite keeps secrets in, on real directories (the end-to-end tests cover other users' files).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateLocationTests : IDisposable
{
    private const UnixFileMode Mode0755 = (UnixFileMode)0b111_101_101;

    // Created 0700 under the system temp directory (sticky, like /tmp).
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("bitslite-private-");

    private string In(params string[] parts) => Path.Combine([_temp.FullName, .. parts]);

    [Fact]
    public void AMissingDirectory_IsCreatedOwnerOnly_WithItsParents()
    {
        PrivateLocation.EnsureDirectory(In("a", "b", "root"), "data root", "BITSLITE_HOME");

        Assert.Equal(OwnerOnlyDirectory.Mode, File.GetUnixFileMode(In("a", "b", "root")));
        Assert.True(Directory.Exists(In("a", "b")));
    }

    [Fact]
    public void AnExistingDirectoryOpenToOthers_IsRefused_AndKeepsItsMode()
    {
        var root = Directory.CreateDirectory(In("root")).FullName;
        File.SetUnixFileMode(root, Mode0755);

        var ex = Assert.Throws<TransferException>(() => PrivateLocation.EnsureDirectory(root, "data root", "BITSLITE_HOME"));

        Assert.Equal(TransferErrorCode.AccessDenied, ex.Code);
        Assert.Equal(
            $"The data root '{root}' is open to other users (mode 0755): BitsLite keeps secrets there, and never changes the mode of a directory it did not create. "
            + $"Use a directory of your own (unset BITSLITE_HOME or point it at a new path; BitsLite creates it owner-only), or `chmod 700 '{root}'` if it is really yours.",
            ex.Message);
        Assert.Equal(Mode0755, File.GetUnixFileMode(root));
    }

    [Fact]
    public void ADirectoryThatIsALink_IsRefused_EvenToAnOwnerOnlyOne()
    {
        Directory.CreateDirectory(In("real"));
        Directory.CreateSymbolicLink(In("alias"), In("real"));

        var ex = Assert.Throws<TransferException>(() => PrivateLocation.VerifyDirectory(In("alias"), "socket directory", "XDG_RUNTIME_DIR"));

        Assert.StartsWith($"The socket directory '{In("alias")}' is a symbolic link", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheParents_AreCheckedWhereLinksLead()
    {
        // The path names a safe-looking link; the directory it leads to may be written by anyone.
        var open = Directory.CreateDirectory(In("open")).FullName;
        File.SetUnixFileMode(open, (UnixFileMode)0b111_111_111);
        Directory.CreateSymbolicLink(In("safe-looking"), open);

        var ex = Assert.Throws<TransferException>(() => PrivateLocation.EnsureDirectory(In("safe-looking", "root"), "data root", "BITSLITE_HOME"));

        Assert.StartsWith($"The directory '{open}' above the data root '{In("safe-looking", "root")}' is writable by other users (mode 0777) and has no sticky bit", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(In("open", "root")));
    }

    [Fact]
    public void AMissingFile_Passes_AndAFileOpenToOthersDoesNot()
    {
        var file = In("jobs.key");
        PrivateLocation.VerifyFile(file, "key file");
        File.WriteAllText(file, "k");
        File.SetUnixFileMode(file, (UnixFileMode)0b110_100_000);

        var ex = Assert.Throws<TransferException>(() => PrivateLocation.VerifyFile(file, "key file"));

        Assert.StartsWith($"The key file '{file}' is open to other users (mode 0640)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOwnerOnlyFile_IsCreated0600_AndOpenedAgain_ButNeverThroughALink()
    {
        var log = In("host.log");
        using (var created = OwnerOnlyFile.Open(log, FileAccess.Write, FileShare.Read, "host log"))
        {
            created.Write("one"u8);
        }

        using (var opened = OwnerOnlyFile.Open(log, FileAccess.ReadWrite, FileShare.Read, "host log"))
        {
            Assert.Equal(3, opened.Length);
        }

        File.WriteAllText(In("victim"), "untouched");
        File.CreateSymbolicLink(In("linked.log"), In("victim"));
        var ex = Assert.Throws<TransferException>(() => OwnerOnlyFile.Open(In("linked.log"), FileAccess.Write, FileShare.Read, "host log"));

        Assert.Equal(OwnerOnlyFile.Mode, File.GetUnixFileMode(log));
        Assert.Contains("is a symbolic link", ex.Message, StringComparison.Ordinal);
        Assert.Equal("untouched", File.ReadAllText(In("victim")));
    }

    public void Dispose() => _temp.Delete(recursive: true);
}
