using BitsLite.Cli.Errors;
using BitsLite.Protocol.Errors;

namespace BitsLite.Cli.Tests.Errors;

public class ExitCodesTests
{
    public static readonly TheoryData<TransferErrorCode, int> Expected = new()
    {
        { TransferErrorCode.NotFound, 3 },
        { TransferErrorCode.InvalidState, 4 },
        { TransferErrorCode.EmptyJob, 4 },
        { TransferErrorCode.InvalidArgument, 6 },
        { TransferErrorCode.InvalidSource, 6 },
        { TransferErrorCode.InvalidDestination, 6 },
        { TransferErrorCode.DestinationConflict, 6 },
        { TransferErrorCode.LimitReached, 6 },
        { TransferErrorCode.StoreCorrupt, 6 },
        { TransferErrorCode.StoreTooNew, 6 },
        { TransferErrorCode.LocalFileFailure, 6 },
        { TransferErrorCode.BadRequest, 6 },
        { TransferErrorCode.HostFailure, 6 },
        { TransferErrorCode.ProtocolMismatch, 5 },
        { TransferErrorCode.HostUnavailable, 5 },
        { TransferErrorCode.AccessDenied, 5 },
        { TransferErrorCode.TransferFailed, 1 },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void EachErrorCode_HasItsExitCode(TransferErrorCode code, int exitCode) =>
        Assert.Equal(exitCode, ExitCodes.For(code));

    [Fact]
    public void EveryErrorCode_IsCoveredHere()
    {
        var covered = Expected.Select(row => (TransferErrorCode)row[0]).ToHashSet();
        Assert.Equal(Enum.GetValues<TransferErrorCode>().ToHashSet(), covered);
    }

    [Fact]
    public void ACodeAddedLater_IsStillAHostError() =>
        Assert.Equal(ExitCodes.HostError, ExitCodes.For((TransferErrorCode)999));

    [Fact]
    public void ExitCodes_HaveTheDocumentedValues_AndAreInTheHelp()
    {
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 70, 130],
            new[] { ExitCodes.Success, ExitCodes.TransferFailed, ExitCodes.Usage, ExitCodes.NotFound, ExitCodes.InvalidState, ExitCodes.HostUnavailable, ExitCodes.HostError, ExitCodes.InternalError, ExitCodes.Interrupted });
        foreach (var code in new[] { "0 ", "1 ", "2 ", "3 ", "4 ", "5 ", "6 ", "70 ", "130 " })
        {
            Assert.Contains("\n  " + code, ExitCodes.HelpText.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
    }
}
