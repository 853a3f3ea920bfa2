using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Transfers;
using BitsLite.Testing.UploadServing;

namespace BitsLite.Engine.Tests.Uploads;

public class BitsUploadTests : UploadTestBase
{
    [Fact]
    public async Task AnUpload_ArrivesByteIdentical_InOneSession_ThatIsClosed()
    {
        var (path, content) = LocalFile("report.bin", 300_000);

        var done = await UploadAndCompleteAsync(path, "/in/report.bin");

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/in/report.bin")!));
        Assert.Equal(TransferState.Acknowledged, done.State);
        Assert.Equal((300_000L, 300_000L), (done.BytesTotal, done.BytesTransferred));
        Assert.Equal(["Ping", "Create-Session"], Server.Requests.Take(2).Select(r => r.Packet));
        Assert.Equal("Close-Session", Server.Requests[^1].Packet);
        Assert.Single(Server.Packets("Create-Session"));
        Assert.Equal(0, Server.OpenSessions);
        Assert.Equal(File.ReadAllBytes(path), content);
    }

    [Fact]
    public async Task Fragments_AreInOrder_NoLargerThanTheFragmentSize_AndOnlyTheFirstIsNamed()
    {
        var (path, _) = LocalFile("sized.bin", 5 * FragmentSize + 123);

        await UploadAndCompleteAsync(path, "/sized.bin");

        var fragments = Server.Packets("Fragment");
        Assert.Equal(6, fragments.Count);
        Assert.All(fragments, f => Assert.InRange(f.ContentLength!.Value, 1, FragmentSize));
        Assert.Equal(
            Enumerable.Range(0, 6).Select(i => $"bytes {i * FragmentSize}-{Math.Min((i + 1) * FragmentSize, 5 * FragmentSize + 123) - 1}/{5 * FragmentSize + 123}"),
            fragments.Select(f => f.ContentRange));
        Assert.Equal("sized.bin", fragments[0].ContentName);
        Assert.All(fragments.Skip(1), f => Assert.Null(f.ContentName));
    }

    [Fact]
    public async Task EveryPacketAfterCreateSession_CarriesTheSessionId_AndTheJobsCustomHeaders()
    {
        var (path, _) = LocalFile("headers.bin", 100_000);

        await UploadAndCompleteAsync(path, "/headers.bin", new TransferRequest { Options = new() { CustomHeaders = ["X-Tenant: blue"] } });

        var created = Server.Packets("Create-Session").Single();
        Assert.Equal(BitsTestServer.Upload15, created.Headers["BITS-Supported-Protocols"]);
        var after = Server.Requests.SkipWhile(r => !r.Is("Create-Session")).Skip(1).ToList();
        var session = Assert.Single(after.Select(r => r.SessionId).Distinct());
        Assert.StartsWith("{", session, StringComparison.Ordinal);
        Assert.All(Server.Requests, r => Assert.Equal("blue", r.Headers["X-Tenant"]));
        Assert.All(Server.Requests, r => Assert.Equal("BITS_POST", r.Method));
    }

    [Fact]
    public async Task AHostIdFromCreateSession_ReceivesTheRestOfTheSession()
    {
        Server.HostId = "localhost";
        var (path, content) = LocalFile("farm.bin", 200_000);

        await UploadAndCompleteAsync(path, "/farm.bin");

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/farm.bin")!));
        Assert.StartsWith("127.0.0.1:", Server.Packets("Create-Session").Single().Host, StringComparison.Ordinal);
        Assert.All(Server.Requests.SkipWhile(r => !r.Is("Create-Session")).Skip(1), r => Assert.StartsWith("localhost:", r.Host, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerCredentials_GoWithTheUpload()
    {
        Server.RequiredAuthorization = "Basic " + Convert.ToBase64String("ann:secret"u8.ToArray());
        var (path, content) = LocalFile("private.bin", 150_000);

        await UploadAndCompleteAsync(path, "/private.bin", new TransferRequest
        {
            Options = new()
            {
                Credentials = [new TransferCredential { Target = TransferCredentialTarget.Server, Scheme = TransferAuthScheme.Basic, UserName = "ann", Password = "secret" }],
            },
        });

        Assert.Equal(EngineHarness.Sha256(content), EngineHarness.Sha256(Server.Uploaded("/private.bin")!));
        Assert.All(Server.Packets("Fragment"), f => Assert.Equal(200, f.Status));
    }

    [Fact]
    public async Task WithoutCredentials_AServerThatWantsThem_PutsTheJobInError()
    {
        Server.RequiredAuthorization = "Basic xyz";
        var (path, _) = LocalFile("refused.bin", 1000);

        var job = await UploadAsync(path, "/refused.bin");
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(401, failed.Error!.HttpStatus);
        Assert.Contains("needs credentials", failed.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyFile_CannotGoByBits_ButCanByPut()
    {
        var (path, _) = LocalFile("empty.bin", 0);

        var bits = await UploadAsync(path, "/empty-bits.bin");
        var failed = await Harness.WaitForAsync(bits.Id, TransferState.Error);
        Assert.Equal(TransferErrorContext.LocalFile, failed.Error!.Context);
        Assert.Contains("Put upload method", failed.Error.Description, StringComparison.Ordinal);

        await UploadAndCompleteAsync(path, "/empty-put.bin", new TransferRequest { Options = new() { UploadMethod = UploadMethod.Put } });
        Assert.Empty(Server.Uploaded("/empty-put.bin")!);
    }

    [Fact]
    public async Task AServerWithoutTheProtocol_GivesAnErrorThatSuggestsPut()
    {
        Server.Inject(new UploadFault { Packet = "Create-Session", Status = 501 });
        var (path, _) = LocalFile("plain.bin", 1000);

        var job = await UploadAsync(path, "/plain.bin");
        var failed = await Harness.WaitForAsync(job.Id, TransferState.Error);

        Assert.Equal(501, failed.Error!.HttpStatus);
        Assert.Contains("Put upload method", failed.Error.Description, StringComparison.Ordinal);
        Assert.Equal(path, failed.Error.Source);
    }

    [Fact]
    public async Task AnUploadJob_ShowsItsDirection_AndItsFileAsLocalSourceToUrl()
    {
        var (path, _) = LocalFile("shown.bin", 10);

        var job = await UploadAsync(path, "/shown.bin", new TransferRequest { Suspended = true });

        Assert.Equal(TransferType.Upload, job.TransferType);
        Assert.Equal(UploadMethod.Bits, job.Options.UploadMethod);
        Assert.Equal("shown.bin", job.Options.DisplayName);
        var file = Assert.Single(job.Files);
        Assert.Equal((path, Server.Url("/shown.bin").AbsoluteUri), (file.Source, file.Destination));
        Assert.Null(job.ReplyFile);
    }
}
