using System.Text;
using BitsLite.Cli.Errors;
using BitsLite.Cli.Output;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Input;

/// <summary>
/// Where the passwords of <c>--user</c> and <c>--proxy-user</c> come from; never the command line, where ps and the
/// shell's history would show them. In order: the environment variable (<see cref="ServerVariable"/> or
/// <see cref="ProxyVariable"/>) if set; a prompt without echo when standard input is a terminal; otherwise one line of
/// standard input. The server's password is always asked for before the proxy's, so with both on standard input the
/// first line is the server's and the second the proxy's.
/// </summary>
internal sealed class PasswordReader(CliInput input, CliConsole console, Func<string, string?> environment)
{
    public const string ServerVariable = "BITSLITE_PASSWORD";
    public const string ProxyVariable = "BITSLITE_PROXY_PASSWORD";

    /// <summary>The password of <paramref name="userName"/> for <paramref name="target"/>.</summary>
    /// <exception cref="CliException">Standard input ended before the line with the password (exit code 2).</exception>
    public string Read(TransferCredentialTarget target, string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var variable = target == TransferCredentialTarget.Proxy ? ProxyVariable : ServerVariable;
        if (environment(variable) is { } fromEnvironment)
        {
            return fromEnvironment;
        }

        var whose = target == TransferCredentialTarget.Proxy ? $"proxy user '{userName}'" : $"'{userName}'";
        if (input.IsTerminal)
        {
            return Prompt($"Password for {whose}: ", cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return input.ReadLine()
            ?? throw CliException.Usage($"no password for {whose}: set {variable}, or give it as a line on standard input (which ended)");
    }

    /// <summary>Reads keys until Enter, echoing nothing; Backspace takes back the last character.</summary>
    private string Prompt(string prompt, CancellationToken cancellationToken)
    {
        console.WriteError(prompt);
        var password = new StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key;
            try
            {
                key = input.ReadKey(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: end the prompt's line, so that "Interrupted." gets a line of its own.
                console.WriteError(Environment.NewLine);
                throw;
            }

            if (key.Key == ConsoleKey.Enter || key.KeyChar is '\r' or '\n')
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace || key.KeyChar is '\b' or '\u007f')
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        console.WriteError(Environment.NewLine);
        return password.ToString();
    }
}
