namespace BitsLite.PowerShell.Progress;

/// <summary>What one Write-Progress call shows; -1 means unknown, as ProgressRecord has it.</summary>
internal sealed record ProgressValues(string Activity, string StatusDescription, string? CurrentOperation, int PercentComplete, int SecondsRemaining);
