using BitsLite.Client;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;
using BitsLite.Protocol.Wire;
using BitsLite.Testing;
using Xunit.Abstractions;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// A second OS user must not reach this user's host. Runs a tiny socket client as 'nobody' (<see cref="OtherUser"/>);
/// Python's standard library speaks enough of the protocol for that.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OtherUserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Probe = """
        import json, socket, struct, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(sys.argv[1])
        except OSError as e:
            print("connect-failed", e.errno); sys.exit(0)
        body = json.dumps({"type": "hello", "protocol": int(sys.argv[2]), "client": "intruder"}).encode()
        try:
            s.sendall(struct.pack(">I", len(body)) + body)
        except OSError:
            pass  # the host may refuse before reading: its answer is still there to read
        header = s.recv(4)
        if len(header) < 4:
            print("closed"); sys.exit(0)
        n = struct.unpack(">I", header)[0]
        data = b""
        while len(data) < n:
            data += s.recv(n - len(data))
        reply = json.loads(data)
        print(reply.get("type"), reply.get("code", ""))
        """;

    private readonly HostTestEnvironment _env = new();

    public async Task InitializeAsync() => await (await _env.ConnectAsync()).DisposeAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task AnotherUser_CannotEvenReachTheSocket()
    {
        if (await RunAsNobodyAsync() is not { } answer)
        {
            return;
        }

        Assert.Equal("connect-failed 13", answer); // EACCES: the 0700 directory stops them.
    }

    [Fact]
    public async Task AnotherUser_IsRefusedByTheHost_EvenWhenTheFileModesAreLoosened()
    {
        // Someone chmods the directory and socket open: the kernel's word on the peer's uid still keeps them out.
        File.SetUnixFileMode(_env.Paths.SocketDirectory, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(_env.Paths.Socket, (UnixFileMode)0b110_110_110);
        if (await RunAsNobodyAsync() is not { } answer)
        {
            return;
        }

        Assert.Equal("error AccessDenied", answer);
        Assert.Contains("Refused a connection from user id 65534", await File.ReadAllTextAsync(_env.Paths.LogFile), StringComparison.Ordinal);

        // The owner's own client will not use the loosened data root either, until it is owner-only again.
        var loose = await Assert.ThrowsAsync<TransferException>(() => _env.ConnectAsync());
        Assert.Equal(TransferErrorCode.AccessDenied, loose.Code);
        Assert.Contains("chmod 700", loose.Message, StringComparison.Ordinal);
        File.SetUnixFileMode(_env.Paths.SocketDirectory, OwnerOnlyDirectory.Mode);
        await using var owner = await _env.ConnectAsync();
        Assert.Equal(1, (await owner.GetHostStatusAsync()).Clients);
    }

    private const string ImpostorHost = """
        import os, socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o777); s.listen(1)
        print("ready", flush=True)
        c, _ = s.accept(); c.settimeout(5)
        try:
            data = c.recv(65536)
        except socket.timeout:
            data = b""
        print("received", len(data), flush=True)
        """;

    [Fact]
    public async Task AClient_SendsNothingToAListenerOfAnotherUser()
    {
        // Another user listens where our client looks, in a directory that passes every check (ours, 0700: say root
        // took it over after they bound): the kernel's word on the listener still keeps our requests' headers from them.
        using var parent = new TempDirectory();
        var shared = Path.Combine(parent.Path, "shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)0b111_111_111);
        var socket = Path.Combine(shared, "host.sock");
        if (OtherUser.WhyPythonUnavailable(shared) is { } why)
        {
            output.WriteLine($"SKIPPED: {why}.");
            return;
        }

        using var impostor = OtherUser.StartPython(ImpostorHost, socket);
        Assert.Equal("ready", await impostor.StandardOutput.ReadLineAsync());
        File.SetUnixFileMode(shared, OwnerOnlyDirectory.Mode);
        var options = _env.Options(autoStart: false) with { Paths = new(shared, shared) };

        var refused = await Assert.ThrowsAsync<TransferException>(() => BitsLiteClient.TryConnectAsync(options));

        Assert.Equal(TransferErrorCode.AccessDenied, refused.Code);
        Assert.Contains("user id 65534", refused.Message, StringComparison.Ordinal);
        Assert.Equal("received 0", await impostor.StandardOutput.ReadLineAsync());
        await HostTestEnvironment.WaitForExitAsync(impostor);
    }

    /// <summary>The probe's one-line answer, or null (with the reason written to the test output) where this machine cannot run it.</summary>
    private async Task<string?> RunAsNobodyAsync()
    {
        if (OtherUser.WhyPythonUnavailable(_env.Paths.SocketDirectory) is { } why)
        {
            output.WriteLine($"SKIPPED: {why}.");
            return null;
        }

        using var process = OtherUser.StartPython(Probe, _env.Paths.Socket, ProtocolVersion.Current.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var answer = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await HostTestEnvironment.WaitForExitAsync(process);
        Assert.True(process.ExitCode == 0, $"the probe failed ({process.ExitCode}): {errors}");
        return answer.Trim();
    }
}
