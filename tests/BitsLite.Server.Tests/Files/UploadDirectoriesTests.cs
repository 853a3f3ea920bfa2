using BitsLite.Server.Files;
using BitsLite.Testing;

namespace BitsLite.Server.Tests.Files;

public sealed class UploadDirectoriesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void ResolvesAValidName_ToAFileDirectlyInsideTheUploadDirectory()
    {
        var directories = new UploadDirectories(_temp.File("up") + "/", _temp.File("up/BITS-Sessions"));

        Assert.True(directories.TryResolve("report.pdf", out var path, out _));

        Assert.Equal(Path.Join(_temp.Path, "up", "report.pdf"), path);
        Assert.Equal(Path.Join(_temp.Path, "up"), Path.GetDirectoryName(path));
    }

    [Theory]
    [InlineData("BITS-Sessions")]
    [InlineData("existing-directory")]
    public void RefusesANameTakenByADirectory(string name)
    {
        Directory.CreateDirectory(_temp.File("up/existing-directory"));
        var directories = new UploadDirectories(_temp.File("up"), _temp.File("up/BITS-Sessions"));

        Assert.False(directories.TryResolve(name, out _, out var reason));
        Assert.Contains("directory", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void StagingNames_AreHidden_AndNotAcceptedAsUploadNames()
    {
        var directories = new UploadDirectories(_temp.File("up"), _temp.File("sessions"));

        var staging = directories.NewStagingPath();

        Assert.Equal(directories.UploadDirectory, Path.GetDirectoryName(staging));
        Assert.StartsWith(".", Path.GetFileName(staging), StringComparison.Ordinal);
        Assert.False(directories.TryResolve(Path.GetFileName(staging), out _, out _));
    }

    public void Dispose() => _temp.Dispose();
}
