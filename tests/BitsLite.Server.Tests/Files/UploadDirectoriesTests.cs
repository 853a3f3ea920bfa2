using BitsLite.Server.Files;
using BitsLite.Testing;

namespace BitsLite.Server.Tests.Files;

public sealed class UploadDirectoriesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void Resolves_a_valid_name_to_a_file_directly_inside_the_upload_directory()
    {
        var directories = new UploadDirectories(_temp.File("up") + "/", _temp.File("up/BITS-Sessions"));

        Assert.True(directories.TryResolve("report.pdf", out var path, out _));

        Assert.Equal(Path.Join(_temp.Path, "up", "report.pdf"), path);
        Assert.Equal(Path.Join(_temp.Path, "up"), Path.GetDirectoryName(path));
    }

    [Theory]
    [InlineData("BITS-Sessions")]
    [InlineData("existing-directory")]
    public void Refuses_a_name_taken_by_a_directory(string name)
    {
        Directory.CreateDirectory(_temp.File("up/existing-directory"));
        var directories = new UploadDirectories(_temp.File("up"), _temp.File("up/BITS-Sessions"));

        Assert.False(directories.TryResolve(name, out _, out var reason));
        Assert.Contains("directory", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Staging_names_are_hidden_and_not_accepted_as_upload_names()
    {
        var directories = new UploadDirectories(_temp.File("up"), _temp.File("sessions"));

        var staging = directories.NewStagingPath();

        Assert.Equal(directories.UploadDirectory, Path.GetDirectoryName(staging));
        Assert.StartsWith(".", Path.GetFileName(staging), StringComparison.Ordinal);
        Assert.False(directories.TryResolve(Path.GetFileName(staging), out _, out _));
    }

    public void Dispose() => _temp.Dispose();
}
