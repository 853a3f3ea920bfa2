namespace BitsLite.Engine.Retry;

/// <summary>One quick reconnect granted by a <see cref="QuickReconnectBudget"/>: after how long, and which of how many in its outage.</summary>
internal readonly record struct ReconnectAttempt(TimeSpan Delay, int Number, int Attempts)
{
    /// <summary>"at once" or "in 0.5 s", for the host's log.</summary>
    public string When => Delay == TimeSpan.Zero ? "at once" : FormattableString.Invariant($"in {Delay.TotalSeconds:0.0#} s");
}
