using BitsLite.Engine.Throttling;

namespace BitsLite.Engine.Tests.Throttling;

public class BackgroundBackoffOptionsTests
{
    [Fact]
    public void Defaults_AreOn_25Milliseconds_GainOne_16KiBFloor()
    {
        var options = new BackgroundBackoffOptions();

        Assert.True(options.Enabled);
        Assert.Equal(TimeSpan.FromMilliseconds(25), options.Target);
        Assert.Equal(1.0, options.Gain);
        Assert.Equal(16 * 1024, options.Floor);
        options.Validate();
        Assert.Equal(options, new TransferEngineOptions { DatabasePath = "/tmp/x.db" }.BackgroundBackoff);
    }

    [Theory]
    [InlineData(0, 1.0, 16384, "Target")]
    [InlineData(101, 1.0, 16384, "Target")]
    [InlineData(25, 0.0, 16384, "Gain")]
    [InlineData(25, double.NaN, 16384, "Gain")]
    [InlineData(25, 1.5, 16384, "Gain")]
    [InlineData(25, 1.0, 100, "Floor")]
    public void Validate_NamesTheSettingOutOfRange(int targetMs, double gain, long floor, string name)
    {
        var options = new BackgroundBackoffOptions { Target = TimeSpan.FromMilliseconds(targetMs), Gain = gain, Floor = floor };

        Assert.Equal(name, Assert.ThrowsAny<ArgumentException>(options.Validate).ParamName);
    }

    [Fact]
    public void TheEngineOptions_ValidateTheBackoff()
    {
        var options = new TransferEngineOptions { DatabasePath = "/tmp/x.db", BackgroundBackoff = new() { Target = TimeSpan.FromSeconds(1) } };

        Assert.Equal("Target", Assert.ThrowsAny<ArgumentException>(options.Validate).ParamName);
    }
}
