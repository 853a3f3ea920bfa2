using System.Globalization;
using BitsLite.Engine.Throttling;

namespace BitsLite.Host.Hosting;

/// <summary>
/// The back-off of Normal and Low priority downloads (<see cref="BackgroundBackoffOptions"/>) from the host's environment:
/// <c>BITSLITE_BACKOFF</c> (on|off), <c>BITSLITE_BACKOFF_TARGET</c> (milliseconds), <c>BITSLITE_BACKOFF_GAIN</c>,
/// <c>BITSLITE_BACKOFF_FLOOR</c> (bytes/s, k and M allowed). Unset variables keep the engine's defaults.
/// </summary>
internal static class BackoffVariables
{
    public const string Enabled = "BITSLITE_BACKOFF";
    public const string Target = "BITSLITE_BACKOFF_TARGET";
    public const string Gain = "BITSLITE_BACKOFF_GAIN";
    public const string Floor = "BITSLITE_BACKOFF_FLOOR";

    /// <exception cref="FormatException">A value that is not understood or out of range; the message names the variable.</exception>
    public static BackgroundBackoffOptions Parse(Func<string, string?> environment)
    {
        var options = new BackgroundBackoffOptions();
        if (Value(environment, Enabled) is { } enabled)
        {
            options = options with
            {
                Enabled = enabled.ToUpperInvariant() switch
                {
                    "ON" or "1" or "TRUE" or "YES" => true,
                    "OFF" or "0" or "FALSE" or "NO" => false,
                    _ => throw new FormatException($"{Enabled} must be on or off, not '{enabled}'."),
                },
            };
        }

        if (Value(environment, Target) is { } target)
        {
            options = options with { Target = TimeSpan.FromMilliseconds(Number(Target, target)) };
        }

        if (Value(environment, Gain) is { } gain)
        {
            options = options with { Gain = Number(Gain, gain) };
        }

        if (Value(environment, Floor) is { } floor)
        {
            var multiplier = floor[^1] switch { 'k' or 'K' => 1024, 'm' or 'M' => 1024 * 1024, _ => 1 };
            var digits = multiplier == 1 ? floor : floor[..^1];
            options = options with { Floor = (long)Math.Min(long.MaxValue / 2, Number(Floor, digits) * multiplier) };
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            var variable = ex.ParamName switch
            {
                nameof(BackgroundBackoffOptions.Target) => Target,
                nameof(BackgroundBackoffOptions.Gain) => Gain,
                _ => Floor,
            };
            throw new FormatException($"{variable}: {ex.Message.Split(Environment.NewLine)[0].Split(" (Parameter")[0]}", ex);
        }

        return options;
    }

    private static string? Value(Func<string, string?> environment, string name) =>
        environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static double Number(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new FormatException($"{name} must be a number, not '{text}'.");
}
