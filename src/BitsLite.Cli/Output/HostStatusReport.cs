using BitsLite.Protocol.Hosting;

namespace BitsLite.Cli.Output;

/// <summary>What <c>bitslite host status --json</c> prints: whether a host answers, and what it says about itself.</summary>
/// <param name="Running">Whether a host answered on the socket.</param>
/// <param name="Socket">The socket the CLI tried.</param>
/// <param name="Host">The running host's status, when it runs.</param>
internal sealed record HostStatusReport(bool Running, string Socket, HostStatus? Host);
