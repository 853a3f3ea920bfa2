using BitsLite.Engine.Verification;

namespace BitsLite.Engine.Tests.Verification;

public class ServerDigestsTests
{
    private const string Base64 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    private const string Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Theory]
    [InlineData($"sha-256=:{Base64}:")]
    [InlineData($"sha-512=:AAAA:, sha-256=:{Base64}:")]
    [InlineData($"SHA-256=:{Base64}:;x=1")]
    public void TheSha256MemberOfAStructuredDigest_IsRead(string value) =>
        Assert.Equal(Hex, ServerDigests.Structured(value));

    [Theory]
    [InlineData("sha-512=:AAAA:")]
    [InlineData($"sha-256={Base64}")]
    [InlineData("sha-256=:AAAA:")]
    [InlineData("sha-256=:not base64!:")]
    [InlineData("")]
    public void AStructuredDigestWithoutAUsableSha256_IsIgnored(string value) =>
        Assert.Null(ServerDigests.Structured(value));

    [Theory]
    [InlineData($"SHA-256={Base64}")]
    [InlineData($"MD5=1B2M2Y8AsgTpgAmY7PhCfg==, sha-256={Base64}")]
    public void TheSha256OfALegacyDigest_IsRead(string value) =>
        Assert.Equal(Hex, ServerDigests.Legacy(value));

    [Theory]
    [InlineData("MD5=1B2M2Y8AsgTpgAmY7PhCfg==")]
    [InlineData("SHA-256=")]
    public void ALegacyDigestWithoutAUsableSha256_IsIgnored(string value) =>
        Assert.Null(ServerDigests.Legacy(value));

    [Fact]
    public void AContentDigest_CountsForAWholeResponse_ButNotForARange()
    {
        using var response = new HttpResponseMessage { Content = new ByteArrayContent([]) };
        response.Headers.TryAddWithoutValidation("Content-Digest", $"sha-256=:{Base64}:");
        response.Headers.TryAddWithoutValidation("Repr-Digest", $"sha-256=:{Base64}:");

        Assert.Equal(["Repr-Digest", "Content-Digest"], ServerDigests.Of(response, partial: false).Select(d => d.Header));
        Assert.Equal(["Repr-Digest"], ServerDigests.Of(response, partial: true).Select(d => d.Header));
    }
}
