using System.ComponentModel.DataAnnotations;
using BitsLite.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace BitsLite.Server.Tests.Endpoints;

public sealed class MappingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task MappingWithoutAnUploadDirectory_IsRefused()
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();

        Assert.Throws<ValidationException>(() => app.MapBitsUploads("/uploads", new BitsUploadOptions()));
    }

    [Fact]
    public async Task MappingWithASessionTimeoutOfZero_IsRefused()
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();

        Assert.Throws<ValidationException>(() => app.MapBitsUploads("/uploads", options =>
        {
            options.UploadDirectory = _temp.Path;
            options.SessionTimeout = TimeSpan.Zero;
        }));
    }

    [Theory]
    [InlineData("/uploads/{tenant}")]
    [InlineData("/files?x=1")]
    public async Task APatternWithRouteParameters_IsRefused(string pattern)
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();

        Assert.Throws<ArgumentException>(() => app.MapBitsUploads(pattern, options => options.UploadDirectory = _temp.Path));
    }

    [Fact]
    public async Task Conventions_ReachTheUploadAndTheReplyRoutes()
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();
        var marker = new object();

        app.MapBitsUploads("uploads/", options => options.UploadDirectory = _temp.Path).WithMetadata(marker);

        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>().ToList();
        Assert.Equal(
            ["/uploads/{**name}", "/uploads/BITS-Replies/{sessionId:guid}"],
            endpoints.Select(e => e.RoutePattern.RawText));
        Assert.All(endpoints, endpoint => Assert.Contains(marker, endpoint.Metadata));
        Assert.True(Directory.Exists(Path.Join(_temp.Path, "BITS-Sessions")));
    }

    public void Dispose() => _temp.Dispose();
}
