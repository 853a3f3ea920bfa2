using BitsLite.Client.Requests;
using BitsLite.Protocol.Errors;
using BitsLite.Testing;

namespace BitsLite.PowerShell.Tests.Requests;

/// <summary>Start-BitsTransfer's pairing of -Source and -Destination, as Start-Transfer and Add-TransferFile use it.</summary>
public sealed class TransferFilesPairTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public void NoDestination_SavesIntoTheCurrentDirectory()
    {
        var files = TransferFiles.Pair(["https://example.com/dl/a.iso", "https://example.com/b.txt?x=1"], null, _directory.Path);

        Assert.Equal([Path.Combine(_directory.Path, "a.iso"), Path.Combine(_directory.Path, "b.txt")], files.Select(f => f.Destination));
    }

    [Fact]
    public void OneDestination_IsAFilePathForOneSource()
    {
        var files = TransferFiles.Pair(["https://example.com/a.iso"], ["renamed.iso"], _directory.Path);

        Assert.Equal(Path.Combine(_directory.Path, "renamed.iso"), Assert.Single(files).Destination);
    }

    [Fact]
    public void OneDirectory_TakesEverySource()
    {
        var into = Directory.CreateDirectory(Path.Combine(_directory.Path, "into")).FullName;
        var files = TransferFiles.Pair(["https://example.com/a", "https://example.com/b"], [into], _directory.Path);

        Assert.Equal([Path.Combine(into, "a"), Path.Combine(into, "b")], files.Select(f => f.Destination));
    }

    [Fact]
    public void OneDestinationPerSource_PairsInOrder()
    {
        var files = TransferFiles.Pair(["https://example.com/a", "https://example.com/b"], ["x", "y"], _directory.Path);

        Assert.Equal(["https://example.com/a", "https://example.com/b"], files.Select(f => f.Source));
        Assert.Equal([Path.Combine(_directory.Path, "x"), Path.Combine(_directory.Path, "y")], files.Select(f => f.Destination));
    }

    [Fact]
    public void CountsThatDoNotPairUp_AreRefused()
    {
        var error = Assert.Throws<TransferException>(() => TransferFiles.Pair(["https://e.com/a", "https://e.com/b", "https://e.com/c"], ["x", "y"], _directory.Path));
        Assert.Equal(TransferErrorCode.InvalidArgument, error.Code);
        Assert.Contains("do not pair up", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoSourcesToOneName_AreRefused()
    {
        var error = Assert.Throws<TransferException>(() => TransferFiles.Pair(["https://e.com/1/a", "https://e.com/2/a"], null, _directory.Path));
        Assert.Contains("both be saved as", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoSource_IsRefused() =>
        Assert.Throws<TransferException>(() => TransferFiles.Pair([], null, _directory.Path));

    public void Dispose() => _directory.Dispose();
}
