using System.Diagnostics;
using System.Text;
using BitsLite.Host.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;
using BitsLite.Protocol.Wire;
using BitsLite.Testing;
using Xunit.Abstractions;

namespace BitsLite.Host.Tests.EndToEnd;

/// <summary>
/// A job's owner is the user the kernel says is connected (SO_PEERCRED), shown by name; a request that claims
/// another owner is refused and creates nothing.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class JobOwnerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly HostTestEnvironment _env = new();

    public async Task InitializeAsync() => await (await _env.ConnectAsync()).DisposeAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task ARawRequestClaimingAnotherOwner_IsRefused_AndCreatesNothing()
    {
        await using var stream = await RawConnection.OpenWelcomedAsync(_env.Paths.Socket);

        await RawConnection.WriteFrameAsync(stream, Encoding.UTF8.GetBytes("""{"type":"create","id":1,"transfer":{"suspended":true,"owner":"mallory"}}"""));
        var refused = Assert.IsType<ErrorReply>(await FrameCodec.ReadAsync(stream));
        await using var client = await _env.ConnectAsync();

        Assert.Equal(TransferErrorCode.InvalidArgument, refused.Code);
        Assert.Equal($"A transfer's owner is the user connected to the host ('{Environment.UserName}'); a request may not name another ('mallory'). Leave the owner out.", refused.Message);
        Assert.Empty(await ListAsync(client));
    }

    [Fact]
    public async Task ANewJob_BelongsToTheConnectedUser_ByName()
    {
        await using var client = await _env.ConnectAsync();

        var unnamed = await client.CreateAsync(new TransferRequest { Suspended = true });
        var named = await client.CreateAsync(new TransferRequest { Suspended = true, Owner = Environment.UserName });
        var other = await Assert.ThrowsAsync<TransferException>(() => client.CreateAsync(new TransferRequest { Suspended = true, Owner = "someone-else" }));

        Assert.Equal(Environment.UserName, unnamed.Owner);
        Assert.Equal(Environment.UserName, named.Owner);
        Assert.Equal(TransferErrorCode.InvalidArgument, other.Code);
        Assert.Equal(2, (await ListAsync(client)).Count);
    }

    private const string ClaimRoot = """
        import json, socket, struct, sys, time
        def send(s, message):
            body = json.dumps(message).encode()
            s.sendall(struct.pack(">I", len(body)) + body)
        def receive(s):
            header = s.recv(4)
            n = struct.unpack(">I", header)[0]
            data = b""
            while len(data) < n:
                data += s.recv(n - len(data))
            return json.loads(data)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        for _ in range(300):
            try:
                s.connect(sys.argv[1]); break
            except OSError:
                time.sleep(0.05)  # the host is still starting
        send(s, {"type": "hello", "protocol": int(sys.argv[2]), "client": "claimant"})
        receive(s)
        send(s, {"type": "create", "id": 1, "transfer": {"suspended": True, "owner": "root"}})
        claimed = receive(s)
        send(s, {"type": "create", "id": 2, "transfer": {"suspended": True}})
        plain = receive(s)
        send(s, {"type": "stop-host", "id": 3})
        receive(s)
        print(claimed.get("type"), claimed.get("code", claimed.get("transfer", {}).get("owner")))
        print(plain.get("type"), plain.get("transfer", {}).get("owner"))
        """;

    [Fact]
    public async Task AnotherUsersClient_ClaimingRoot_DoesNotGetIt()
    {
        // 'nobody' runs a host of their own, and their client asks for a job owned by root.
        using var parent = new TempDirectory();
        var home = Path.Combine(parent.Path, "nobody-home");
        Directory.CreateDirectory(home, BitsLite.Protocol.Locations.OwnerOnlyDirectory.Mode);
        if (OtherUser.WhyPythonUnavailable(home) is { } why)
        {
            output.WriteLine($"SKIPPED: {why}.");
            return;
        }

        OtherUser.Own(home);
        using var host = OtherUser.Start("/usr/bin/env", $"BITSLITE_HOME={home}", $"HOME={home}", HostTestEnvironment.HostPath);
        using var claimant = OtherUser.StartPython(ClaimRoot, Path.Combine(home, "host.sock"), ProtocolVersion.Current.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var said = await claimant.StandardOutput.ReadToEndAsync();
        var errors = await claimant.StandardError.ReadToEndAsync();
        await HostTestEnvironment.WaitForExitAsync(claimant);
        await HostTestEnvironment.WaitForExitAsync(host);

        Assert.True(claimant.ExitCode == 0, errors);
        Assert.Equal("error InvalidArgument\ntransfer nobody", said.Trim());
    }

    private static async Task<List<TransferInfo>> ListAsync(BitsLite.Client.BitsLiteClient client)
    {
        var jobs = new List<TransferInfo>();
        await foreach (var job in client.ListAsync(new TransferQuery()))
        {
            jobs.Add(job);
        }

        return jobs;
    }
}
