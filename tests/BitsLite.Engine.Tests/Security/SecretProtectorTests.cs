using System.Text;
using BitsLite.Engine.Security;
using BitsLite.Protocol.Errors;
using BitsLite.Testing;

namespace BitsLite.Engine.Tests.Security;

public sealed class SecretProtectorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Database(string name = "jobs") => _dir.File(name + ".db");

    [Theory]
    [InlineData("s3cret")]
    [InlineData("")]
    [InlineData("pässwörd with spaces, ünïcode and 🙂")]
    public void Protect_ThenUnprotect_GivesThePasswordBack(string password)
    {
        var protector = SecretProtector.ForDatabase(Database());

        Assert.True(protector.TryUnprotect(protector.Protect(password), out var back));
        Assert.Equal(password, back);
    }

    [Fact]
    public void Protect_TheSameTextTwice_GivesDifferentCiphertexts_WithoutThePlainText()
    {
        var protector = SecretProtector.ForDatabase(Database());

        var first = protector.Protect("hunter2-hunter2");
        var second = protector.Protect("hunter2-hunter2");

        Assert.NotEqual(first, second);
        Assert.DoesNotContain("hunter2", first, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("hunter2-hunter2")), first, StringComparison.Ordinal);
    }

    [Fact]
    public void ForDatabase_CreatesAnOwnerOnlyKeyBesideIt_AndReusesIt()
    {
        var sealedText = SecretProtector.ForDatabase(Database()).Protect("kept");

        var reopened = SecretProtector.ForDatabase(Database());

        Assert.Equal(_dir.File("jobs.key"), reopened.KeyPath);
        Assert.Equal(32, new FileInfo(reopened.KeyPath).Length);
        Assert.True(reopened.TryUnprotect(sealedText, out var kept));
        Assert.Equal("kept", kept);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(reopened.KeyPath));
        }
    }

    public static TheoryData<string> Damaged => new()
    {
        "v1:AAAA",
        "v1:not base64 at all!",
        "v2:whatever",
        "plain text",
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void TryUnprotect_AMalformedValue_GivesNothing(string value)
    {
        var protector = SecretProtector.ForDatabase(Database());

        Assert.False(protector.TryUnprotect(value, out var plain));
        Assert.Null(plain);
    }

    [Fact]
    public void TryUnprotect_AFlippedByte_GivesNothing()
    {
        var protector = SecretProtector.ForDatabase(Database());
        var bytes = Convert.FromBase64String(protector.Protect("tamper me")["v1:".Length..]);
        bytes[^1] ^= 0x01;

        Assert.False(protector.TryUnprotect("v1:" + Convert.ToBase64String(bytes), out var plain));
        Assert.Null(plain);
    }

    [Fact]
    public void TryUnprotect_WithAnotherKey_GivesNothing()
    {
        var sealedText = SecretProtector.ForDatabase(Database("one")).Protect("mine");

        Assert.False(SecretProtector.ForDatabase(Database("two")).TryUnprotect(sealedText, out var plain));
        Assert.Null(plain);
    }

    [Fact]
    public void ForDatabase_WithADamagedKeyFile_IsStoreCorrupt_AndLeavesTheFileUntouched()
    {
        var key = _dir.File("jobs.key");
        File.WriteAllBytes(key, [1, 2, 3]);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite); // ours alone, as a key must be
        }

        var ex = Assert.Throws<TransferException>(() => SecretProtector.ForDatabase(Database()));

        Assert.Equal(TransferErrorCode.StoreCorrupt, ex.Code);
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(key));
    }

    [Fact]
    public void ForDatabase_RefusesAKeyFileOthersMayRead_AndLeavesItAsItIs()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var key = _dir.File("jobs.key");
        File.WriteAllBytes(key, new byte[32]);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var ex = Assert.Throws<TransferException>(() => SecretProtector.ForDatabase(Database()));

        Assert.Equal(TransferErrorCode.AccessDenied, ex.Code);
        Assert.Contains($"The key file '{key}' is open to other users (mode 0644)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new byte[32], File.ReadAllBytes(key));
    }
}
