using BitsLite.Cli;

return await BitsLiteCommandLine.InvokeAsync(args, CliContext.ForProcess()).ConfigureAwait(false);
