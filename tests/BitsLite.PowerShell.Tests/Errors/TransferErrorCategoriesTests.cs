using System.Management.Automation;
using BitsLite.PowerShell.Errors;
using BitsLite.Protocol.Errors;

namespace BitsLite.PowerShell.Tests.Errors;

public sealed class TransferErrorCategoriesTests
{
    public static TheoryData<TransferErrorCode> Codes() => [.. Enum.GetValues<TransferErrorCode>()];

    [Theory]
    [MemberData(nameof(Codes))]
    public void EveryCode_HasAFittingCategory(TransferErrorCode code)
    {
        var category = TransferErrorCategories.CategoryFor(code);
        Assert.True(category != ErrorCategory.NotSpecified || code == TransferErrorCode.HostFailure, $"{code} has no category");
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Ids_AreTheCodeNames_AStableContract(TransferErrorCode code) =>
        Assert.Equal(code.ToString(), TransferErrorCategories.IdFor(code));

    [Theory]
    [InlineData(TransferErrorCode.NotFound, ErrorCategory.ObjectNotFound)]
    [InlineData(TransferErrorCode.InvalidState, ErrorCategory.InvalidOperation)]
    [InlineData(TransferErrorCode.InvalidArgument, ErrorCategory.InvalidArgument)]
    [InlineData(TransferErrorCode.DestinationConflict, ErrorCategory.ResourceExists)]
    [InlineData(TransferErrorCode.LimitReached, ErrorCategory.LimitsExceeded)]
    [InlineData(TransferErrorCode.HostUnavailable, ErrorCategory.ResourceUnavailable)]
    [InlineData(TransferErrorCode.AccessDenied, ErrorCategory.PermissionDenied)]
    public void Categories_AreThoseAScriptWouldExpect(TransferErrorCode code, ErrorCategory expected) =>
        Assert.Equal(expected, TransferErrorCategories.CategoryFor(code));

    [Theory]
    [InlineData(TransferErrorCode.NotFound, false)]
    [InlineData(TransferErrorCode.InvalidState, false)]
    [InlineData(TransferErrorCode.DestinationConflict, false)]
    [InlineData(TransferErrorCode.HostUnavailable, true)]
    [InlineData(TransferErrorCode.AccessDenied, true)]
    [InlineData(TransferErrorCode.ProtocolMismatch, true)]
    public void OnlyErrorsAboutTheHost_EndTheCommand(TransferErrorCode code, bool ends) =>
        Assert.Equal(ends, TransferErrorCategories.EndsCommand(code));
}
