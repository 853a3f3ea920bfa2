namespace BitsLite.Cli.Tests.Support;

/// <summary>
/// One host (and file server) for all the tests of a class. Each test works in a <see cref="TestSpace"/> of its own
/// and cancels what it left transferring, so tests do not see each other's jobs or files.
/// </summary>
public sealed class SharedHostFixture : IAsyncLifetime
{
    internal HostEnvironment Env { get; private set; } = null!;

    public async Task InitializeAsync() => Env = await HostEnvironment.StartAsync();

    public async Task DisposeAsync() => await Env.DisposeAsync();
}
