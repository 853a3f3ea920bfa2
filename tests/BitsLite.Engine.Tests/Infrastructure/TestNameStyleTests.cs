using BitsLite.Testing.Naming;

namespace BitsLite.Engine.Tests.Infrastructure;

public sealed class TestNameStyleTests
{
    [Theory]
    [InlineData("ASlowButSteadyResponse_IsNotMistakenForAStall")]
    [InlineData("Download_WithWrongPassword_FailsWithAClearMessage_AndNeverShowsThePassword")]
    [InlineData("A503_IsATransientError_ThatIsRetried")]
    [InlineData("WithDefaultOptions_APutAnnouncingMoreThan4GiB_Gets413_BeforeAnyOfItsBodyIsSent")]
    [InlineData("Networks_Parse")]
    [InlineData("AcceptsOrdinaryFileNames")]
    public void PascalCaseSegments_AreSentences(string name) => Assert.True(TestNameStyle.IsSentence(name), name);

    [Theory]
    [InlineData("A_flood_of_Create_Session_from_one_client_gets_the_default_16_sessions")]
    [InlineData("Remaining_time")]
    [InlineData("ASchedule_is_passed_on_as_its_rules")]
    [InlineData("aScheduleIsPassedOn")]
    [InlineData("ASchedule__IsPassedOn")]
    [InlineData("ASchedule_IsPassedOn_")]
    [InlineData("_ASchedule_IsPassedOn")]
    [InlineData("ASchedule-IsPassedOn")]
    [InlineData("")]
    public void SnakeCaseAndOtherShapes_AreNotSentences(string name) => Assert.False(TestNameStyle.IsSentence(name), name);

    [Fact]
    public void TheScan_FindsTheFactsAndTheoriesOfAnAssembly()
    {
        var names = TestNameStyle.TestMethods(typeof(TestNameStyleTests).Assembly)
            .Where(method => method.DeclaringType == typeof(TestNameStyleTests))
            .Select(method => method.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [nameof(PascalCaseSegments_AreSentences), nameof(SnakeCaseAndOtherShapes_AreNotSentences), nameof(TheScan_FindsTheFactsAndTheoriesOfAnAssembly)],
            names);
    }
}
