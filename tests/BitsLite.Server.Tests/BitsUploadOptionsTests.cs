using System.ComponentModel.DataAnnotations;
using BitsLite.Testing;
using Microsoft.AspNetCore.Builder;

namespace BitsLite.Server.Tests;

public sealed class BitsUploadOptionsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void EveryLimit_IsOnByDefault()
    {
        var options = new BitsUploadOptions();

        Assert.Equal(4L * 1024 * 1024 * 1024, options.MaxUploadSize);
        Assert.Equal(16, options.MaxSessionsPerClient);
        Assert.Equal(1024, options.MaxSessions);
        Assert.Equal(TimeSpan.FromHours(24), options.SessionTimeout);
        Assert.Equal(240, options.MinRequestBodyDataRate?.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MinRequestBodyDataRate?.GracePeriod);
    }

    [Theory]
    [InlineData(0, 16)]
    [InlineData(1024, 0)]
    [InlineData(-1, 16)]
    public async Task MappingWithASessionLimitBelowOne_IsRefused(int maxSessions, int maxSessionsPerClient)
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<ValidationException>(() => app.MapBitsUploads("/uploads", options =>
        {
            options.UploadDirectory = _temp.Path;
            options.MaxSessions = maxSessions;
            options.MaxSessionsPerClient = maxSessionsPerClient;
        }));
        Assert.Contains("MaxSessions", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
