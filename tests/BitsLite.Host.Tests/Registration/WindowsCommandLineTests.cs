using System.Diagnostics;
using BitsLite.Host.Registration;

namespace BitsLite.Host.Tests.Registration;

public sealed class WindowsCommandLineTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData(@"C:\Program Files\BitsLite\bitslite-host.dll", "\"C:\\Program Files\\BitsLite\\bitslite-host.dll\"")]
    [InlineData("", "\"\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"trailing dir\", "\"trailing dir\\\\\"")]
    [InlineData(@"no\space\", @"no\space\")]
    public void Arguments_AreQuoted_ByTheCommandLineToArgvWRules(string argument, string expected)
    {
        Assert.Equal(expected, WindowsCommandLine.Quote(argument));
    }

    [Fact]
    public void AJoinedCommandLine_SplitsBackIntoTheSameArguments()
    {
        // .NET splits ProcessStartInfo.Arguments by the same rules as Windows, on every OS: echo them back.
        if (OperatingSystem.IsWindows() || !File.Exists("/usr/bin/printf"))
        {
            return;
        }

        string[] arguments = [@"C:\Program Files\BitsLite\bitslite-host.dll", "", "a \"quoted\" word", @"ends with \", @"\\server\share\", @"back\\""slash", "tab\there"];
        var start = new ProcessStartInfo("/usr/bin/printf", "%s\\n " + WindowsCommandLine.Join(arguments))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n');
        process.WaitForExit();

        Assert.Equal(arguments, lines[..arguments.Length]);
    }
}
