using BitsLite.Cli.Errors;
using BitsLite.Cli.Tests.Support;

namespace BitsLite.Cli.Tests.Commands;

/// <summary>
/// A data root that is not the user's alone: every verb refuses it with exit code 5 and says how to fix it, before it
/// starts a host or sends anything, and leaves the directory as it was.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataRootRefusalTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task ASharedDirectoryAsDataRoot_IsRefusedWithExitCode5_AndKeepsItsMode()
    {
        // As with BITSLITE_HOME=/tmp, which was once chmod-ed 0700 under every other user's feet.
        var shared = _directory.CreateDirectory("like-tmp");
        const UnixFileMode stickyWorldWritable = (UnixFileMode)0b1_111_111_111;
        File.SetUnixFileMode(shared, stickyWorldWritable);

        var list = await CliRunner.RunAsync(shared, "list");
        var status = await CliRunner.RunAsync(shared, "host", "status");

        Assert.Equal(ExitCodes.HostUnavailable, list.ExitCode);
        Assert.Contains($"The data root '{shared}' is a shared directory (mode 1777: everyone may create files in it)", list.Error, StringComparison.Ordinal);
        Assert.Contains("unset BITSLITE_HOME or point it at a new path", list.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.HostUnavailable, status.ExitCode);
        Assert.Equal(stickyWorldWritable, File.GetUnixFileMode(shared));
        Assert.Empty(Directory.GetFileSystemEntries(shared));
    }

    [Fact]
    public async Task ADataRootOpenToOthers_IsRefused_WithTheChmodThatFixesIt()
    {
        var open = _directory.CreateDirectory("open");
        File.SetUnixFileMode(open, (UnixFileMode)0b111_101_101);

        var result = await CliRunner.RunAsync(open, "list");

        Assert.Equal(ExitCodes.HostUnavailable, result.ExitCode);
        Assert.Contains($"`chmod 700 '{open}'` if it is really yours", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
