using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.FaultServing;

namespace BitsLite.Engine.Tests.Transfers;

/// <summary>What a server says reaches the job's error, and from there `bitslite info` and the host's log: never as terminal escapes, never with the job's password.</summary>
public class ServerTextTests : TransferTestBase
{
    [Fact]
    public async Task AReasonPhraseWithTerminalEscapes_ReachesTheJobWithoutAnyControlCharacter()
    {
        Server.Serve("/gone.bin", [], new FaultPlan { FailStatus = 404, FailReason = "Not Found \u001b]0;pwned\u0007\u001b[2J\u001b[31mred" });

        var job = await Harness.DownloadAsync(Server.Url("/gone.bin"), Harness.Out("gone.bin"));
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        var description = failed.Error!.Description;
        Assert.Contains("404 Not Found red for", description, StringComparison.Ordinal);
        Assert.DoesNotContain(description, char.IsControl);
        Assert.DoesNotContain("pwned", description, StringComparison.Ordinal);
        Assert.DoesNotContain("[2J", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APasswordInTheSourceUrl_NeverAppearsInTheJobsError()
    {
        Server.Serve("/private.bin", [], new FaultPlan { FailStatus = 403 });
        var source = new UriBuilder(Server.Url("/private.bin")) { UserName = "alice", Password = "s3cret-pw" }.Uri;

        var job = await Harness.DownloadAsync(source, Harness.Out("private.bin"));
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.DoesNotContain("s3cret-pw", failed.Error!.Description, StringComparison.Ordinal);
        Assert.Contains($"http://***@127.0.0.1:{Server.BaseUri.Port}/private.bin", failed.Error.Description, StringComparison.Ordinal);
    }
}
