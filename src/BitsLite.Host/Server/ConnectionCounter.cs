namespace BitsLite.Host.Server;

/// <summary>Open connections per user id, at most <see cref="Max"/> each. Thread-safe.</summary>
internal sealed class ConnectionCounter(int max)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<uint, int> _open = [];
    private readonly HashSet<uint> _refusing = [];

    public int Max { get; } = max;

    /// <summary>
    /// Counts a connection of <paramref name="userId"/> in, unless it already holds <see cref="Max"/>;
    /// <paramref name="firstRefusal"/> tells the first refusal since the user last had no connection at all.
    /// </summary>
    public bool TryEnter(uint userId, out bool firstRefusal)
    {
        lock (_lock)
        {
            var open = _open.GetValueOrDefault(userId);
            if (open >= Max)
            {
                firstRefusal = _refusing.Add(userId);
                return false;
            }

            _open[userId] = open + 1;
            firstRefusal = false;
            return true;
        }
    }

    public void Leave(uint userId)
    {
        lock (_lock)
        {
            var left = _open[userId] - 1;
            if (left > 0)
            {
                _open[userId] = left;
                return;
            }

            _open.Remove(userId);
            _refusing.Remove(userId);
        }
    }
}
