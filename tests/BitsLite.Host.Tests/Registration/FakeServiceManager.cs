using BitsLite.Host.Registration;

namespace BitsLite.Host.Tests.Registration;

/// <summary>
/// Stands in for systemctl, launchctl and schtasks (the only fake these tests use: the service managers are
/// outside our control). Records each command line and answers from a rule, by default success with no output.
/// </summary>
internal sealed class FakeServiceManager(Func<string, ServiceManagerResult?>? rule = null) : IServiceManagerRunner
{
    public List<string> Calls { get; } = [];

    public ServiceManagerResult Run(string program, IReadOnlyList<string> arguments)
    {
        var line = string.Join(' ', [program, .. arguments]);
        Calls.Add(line);
        return rule?.Invoke(line) ?? ServiceManagerResult.Exited(0);
    }

    /// <summary>No service-manager program exists at all.</summary>
    public static FakeServiceManager Missing() => new(_ => ServiceManagerResult.NotFound("No such file or directory"));
}
