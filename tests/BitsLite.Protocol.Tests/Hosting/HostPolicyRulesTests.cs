using System.Text.Json;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Wire;

namespace BitsLite.Protocol.Tests.Hosting;

public class HostPolicyRulesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(200)]
    [InlineData(10_000)]
    public void FilesPerJob_FromOneToTenThousand_AreAccepted(int files) =>
        Assert.Null(HostPolicyRules.Problem(new HostPolicyChange { MaxFilesPerJob = files }));

    [Theory]
    [InlineData(0, "MaxFilesPerJob must be between 1 and 10,000, not 0.")]
    [InlineData(-5, "MaxFilesPerJob must be between 1 and 10,000, not -5.")]
    [InlineData(1_000_000_000, "MaxFilesPerJob must be between 1 and 10,000, not 1,000,000,000.")]
    public void FilesPerJob_OutOfRange_AreRefused_NamingTheSettingAndItsRange(int files, string problem) =>
        Assert.Equal(problem, HostPolicyRules.Problem(new HostPolicyChange { MaxFilesPerJob = files }));

    [Theory]
    [InlineData(0, "MaxJobsPerUser must be between 1 and 100,000, not 0.")]
    [InlineData(100_001, "MaxJobsPerUser must be between 1 and 100,000, not 100,001.")]
    public void JobsPerUser_OutOfRange_AreRefused_NamingTheSettingAndItsRange(int jobs, string problem) =>
        Assert.Equal(problem, HostPolicyRules.Problem(new HostPolicyChange { MaxJobsPerUser = jobs }));

    [Theory]
    [InlineData(0, "MaxConnectionsPerFile must be between 1 and 16, not 0.")]
    [InlineData(17, "MaxConnectionsPerFile must be between 1 and 16, not 17.")]
    public void ConnectionsPerFile_OutOfRange_AreRefused_NamingTheSettingAndItsRange(int connections, string problem) =>
        Assert.Equal(problem, HostPolicyRules.Problem(new HostPolicyChange { MaxConnectionsPerFile = connections }));

    [Fact]
    public void AChangeWithoutLimits_HasNoProblem() =>
        Assert.Null(HostPolicyRules.Problem(new HostPolicyChange { MaxActiveJobs = 4, MaxJobsPerUser = 100_000 }));

    [Fact]
    public void TheLimits_TravelInSetPolicyAndInThePolicy()
    {
        var change = new SetPolicy(3, new HostPolicyChange { MaxFilesPerJob = 1000, MaxJobsPerUser = 2000 });
        var reply = new PolicyReply(3, new HostPolicy { MaxActiveJobs = 4, MaxFilesPerJob = 1000, MaxJobsPerUser = 2000 });

        var changeJson = JsonSerializer.Serialize<Message>(change, ProtocolJsonContext.Default.Message);
        var replyJson = JsonSerializer.Serialize<Message>(reply, ProtocolJsonContext.Default.Message);

        Assert.Contains("\"maxFilesPerJob\":1000,\"maxJobsPerUser\":2000", changeJson, StringComparison.Ordinal);
        Assert.Contains("\"maxFilesPerJob\":1000,\"maxJobsPerUser\":2000", replyJson, StringComparison.Ordinal);
        Assert.Equal(change.Change, Assert.IsType<SetPolicy>(JsonSerializer.Deserialize(changeJson, ProtocolJsonContext.Default.Message)).Change);
        Assert.Equal(reply.Policy, Assert.IsType<PolicyReply>(JsonSerializer.Deserialize(replyJson, ProtocolJsonContext.Default.Message)).Policy);
    }
}
