#if !NET9_0_OR_GREATER
namespace System.Threading;

/// <summary>
/// net8.0 stand-in for .NET 9's <c>System.Threading.Lock</c>, compiled only into the net8.0 (NativeAOT) build of the
/// engine, host and CLI (<c>-p:BitsLiteAot=true</c>). The compiler lowers <c>lock</c> on this type to
/// <see cref="EnterScope"/>, as it does for the real one; here that is a <see cref="Monitor"/> on a private object.
/// </summary>
internal sealed class Lock
{
    private readonly object _monitor = new();

    /// <summary>Enters the lock; disposing the returned scope exits it.</summary>
    public Scope EnterScope()
    {
        Monitor.Enter(_monitor);
        return new Scope(_monitor);
    }

    /// <summary>A held <see cref="Lock"/>; <see cref="Dispose"/> releases it.</summary>
    public ref struct Scope
    {
        private object? _monitor;

        internal Scope(object monitor) => _monitor = monitor;

        /// <summary>Exits the lock (once).</summary>
        public void Dispose()
        {
            var monitor = _monitor;
            _monitor = null;
            if (monitor is not null)
            {
                Monitor.Exit(monitor);
            }
        }
    }
}
#endif
