using System.Security.Cryptography;
using BitsLite.Engine.Verification;

namespace BitsLite.Engine.Tests.Verification;

public class HashingReadStreamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(65_536)]
    [InlineData(700_001)]
    [InlineData(1_048_576)]
    public async Task ReadsOfAnySize_HashEveryByteInOrder_AcrossBatches(int readSize)
    {
        var content = RandomNumberGenerator.GetBytes(readSize == 1 ? 100_000 : 3_500_000);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[readSize];

        await using (var stream = new HashingReadStream(new MemoryStream(content), hash))
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
                // The copy loop reuses its buffer at once: the hash must not depend on it.
                Array.Fill(buffer, (byte)0xAA);
            }

            await stream.HashedAsync();
        }

        Assert.Equal(SHA256.HashData(content), hash.GetHashAndReset());
    }

    [Fact]
    public async Task AStreamDisposedMidway_WaitsForItsHashing_AndLeavesTheHashUsable()
    {
        var content = RandomNumberGenerator.GetBytes(2_500_000);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var stream = new HashingReadStream(new MemoryStream(content), hash);
        var buffer = new byte[1_000_000];

        var read = await stream.ReadAsync(buffer);
        await stream.HashedAsync();
        await stream.DisposeAsync();

        Assert.Equal(SHA256.HashData(content.AsSpan(0, read)), hash.GetHashAndReset());
    }
}
