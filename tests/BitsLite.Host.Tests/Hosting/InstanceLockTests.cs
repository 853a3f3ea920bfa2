using BitsLite.Host.Hosting;
using BitsLite.Testing;

namespace BitsLite.Host.Tests.Hosting;

public sealed class InstanceLockTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public void OnlyOneHolder_AtATime_AndTheLockIsFreeAgainWhenReleased()
    {
        var path = _directory.File("host.lock");
        using (var first = InstanceLock.TryAcquire(path))
        {
            Assert.NotNull(first);
            Assert.Null(InstanceLock.TryAcquire(path));
        }

        using var again = InstanceLock.TryAcquire(path);
        Assert.NotNull(again);
    }

    [Fact]
    public void ALeftoverLockFile_FromACrashedHost_DoesNotBlock()
    {
        var path = _directory.File("host.lock");
        File.WriteAllText(path, "99999\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite); // as a host makes it
        }


        using var taken = InstanceLock.TryAcquire(path);

        Assert.NotNull(taken);
    }

    public void Dispose() => _directory.Dispose();
}
