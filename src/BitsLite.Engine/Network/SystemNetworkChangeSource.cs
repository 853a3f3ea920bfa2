using System.Net.NetworkInformation;

namespace BitsLite.Engine.Network;

/// <summary>
/// The operating system's network change notifications: <see cref="NetworkChange.NetworkAddressChanged"/> and
/// <see cref="NetworkChange.NetworkAvailabilityChanged"/> (a netlink socket on Linux, SystemConfiguration on macOS,
/// IP Helper on Windows). It listens only while someone handles <see cref="NetworkChanged"/>; where the platform has
/// no notifications it never raises the event.
/// </summary>
public sealed class SystemNetworkChangeSource : INetworkChangeSource
{
    private readonly Lock _lock = new();
    private EventHandler? _handlers;
    private bool _listening;

    /// <inheritdoc/>
    public event EventHandler? NetworkChanged
    {
        add
        {
            lock (_lock)
            {
                _handlers += value;
                if (_handlers is not null && !_listening)
                {
                    _listening = Listen(true);
                }
            }
        }

        remove
        {
            lock (_lock)
            {
                _handlers -= value;
                if (_handlers is null && _listening)
                {
                    Listen(false);
                    _listening = false;
                }
            }
        }
    }

    private bool Listen(bool on)
    {
        try
        {
            if (on)
            {
                NetworkChange.NetworkAddressChanged += OnAddressChanged;
                NetworkChange.NetworkAvailabilityChanged += OnAvailabilityChanged;
            }
            else
            {
                NetworkChange.NetworkAddressChanged -= OnAddressChanged;
                NetworkChange.NetworkAvailabilityChanged -= OnAvailabilityChanged;
            }

            return true;
        }
        catch (PlatformNotSupportedException)
        {
            // No notifications here: jobs retry after their retry interval, as without a source.
            NetworkChange.NetworkAddressChanged -= OnAddressChanged;
            return false;
        }
    }

    private void OnAddressChanged(object? sender, EventArgs e) => Raise();

    private void OnAvailabilityChanged(object? sender, NetworkAvailabilityEventArgs e) => Raise();

    private void Raise()
    {
        EventHandler? handlers;
        lock (_lock)
        {
            handlers = _handlers;
        }

        handlers?.Invoke(this, EventArgs.Empty);
    }
}
