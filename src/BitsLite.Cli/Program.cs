using BitsLite.Cli;
using BitsLite.Cli.Errors;
using BitsLite.Protocol.Wire;

// Compile the protocol's JSON code on another core while the command line is parsed: most verbs talk to the host next.
_ = ProtocolWarmup.StartAsync();

CliContext context;
try
{
    context = CliContext.ForProcess();
}
catch (InvalidOperationException ex)
{
    // No data root can be derived (no home directory and no BITSLITE_HOME): nothing can reach a host.
    Console.Error.WriteLine("bitslite: " + ex.Message);
    return ExitCodes.HostUnavailable;
}

return await BitsLiteCommandLine.InvokeAsync(args, context).ConfigureAwait(false);
