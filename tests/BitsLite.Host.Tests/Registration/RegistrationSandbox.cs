using BitsLite.Host.Registration;
using BitsLite.Testing;

namespace BitsLite.Host.Tests.Registration;

/// <summary>A temporary home, config directory and data root: registration tests never touch the real ones.</summary>
internal sealed class RegistrationSandbox : IDisposable
{
    private readonly TempDirectory _root = new();

    public RegistrationSandbox()
    {
        Directory.CreateDirectory(Home);
    }

    public string Home => Path.Combine(_root.Path, "home dir");

    public string XdgConfig => Path.Combine(_root.Path, "xdg config");

    public string DataRoot => Path.Combine(_root.Path, "data");

    public string Root => _root.Path;

    public RegistrationContext Context(string? xdgConfigHome = null, string? bitsLiteHome = null, string user = "501") =>
        new(Home, xdgConfigHome, bitsLiteHome, DataRoot, user);

    public void Dispose() => _root.Dispose();
}
