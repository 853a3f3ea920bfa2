using BitsLite.Engine.Jobs;
using BitsLite.Engine.Tests.Support;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Tests.Jobs;

public class TransferStateMachineTests
{
    // The legal moves, written out from SPEC/BITS independently of the engine's table.
    private static readonly HashSet<(TransferState, TransferState)> Legal =
    [
        (TransferState.Queued, TransferState.Connecting), (TransferState.Queued, TransferState.Suspended),
        (TransferState.Queued, TransferState.Cancelled), (TransferState.Queued, TransferState.Error),
        (TransferState.Queued, TransferState.TransientError),
        (TransferState.Connecting, TransferState.Transferring), (TransferState.Connecting, TransferState.Queued),
        (TransferState.Connecting, TransferState.TransientError), (TransferState.Connecting, TransferState.Error),
        (TransferState.Connecting, TransferState.Transferred), (TransferState.Connecting, TransferState.Suspended),
        (TransferState.Connecting, TransferState.Cancelled),
        (TransferState.Transferring, TransferState.Transferred), (TransferState.Transferring, TransferState.Queued),
        (TransferState.Transferring, TransferState.Connecting), (TransferState.Transferring, TransferState.TransientError),
        (TransferState.Transferring, TransferState.Error), (TransferState.Transferring, TransferState.Suspended),
        (TransferState.Transferring, TransferState.Cancelled),
        (TransferState.TransientError, TransferState.Queued), (TransferState.TransientError, TransferState.Error),
        (TransferState.TransientError, TransferState.Suspended), (TransferState.TransientError, TransferState.Cancelled),
        (TransferState.Suspended, TransferState.Queued), (TransferState.Suspended, TransferState.Acknowledged),
        (TransferState.Suspended, TransferState.Cancelled),
        (TransferState.Error, TransferState.Queued), (TransferState.Error, TransferState.Suspended),
        (TransferState.Error, TransferState.Acknowledged), (TransferState.Error, TransferState.Cancelled),
        (TransferState.Transferred, TransferState.Acknowledged), (TransferState.Transferred, TransferState.Cancelled),
        (TransferState.Transferred, TransferState.Queued),
    ];

    public static TheoryData<TransferState, TransferState> AllPairs()
    {
        var data = new TheoryData<TransferState, TransferState>();
        foreach (var from in Enum.GetValues<TransferState>())
        {
            foreach (var to in Enum.GetValues<TransferState>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void CanMove_MatchesTheSpecifiedTable(TransferState from, TransferState to) =>
        Assert.Equal(Legal.Contains((from, to)), TransferStateMachine.CanMove(from, to));

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void EnsureCanMove_ThrowsInvalidStateForEveryIllegalMove(TransferState from, TransferState to)
    {
        var job = new TransferJob { Id = Guid.NewGuid(), Owner = "me", State = from }.WithOptions(new TransferOptions { DisplayName = "report" });
        if (Legal.Contains((from, to)))
        {
            TransferStateMachine.EnsureCanMove(job, to, "test");
            return;
        }

        var ex = Assert.Throws<TransferException>(() => TransferStateMachine.EnsureCanMove(job, to, "test"));
        Assert.Equal(TransferErrorCode.InvalidState, ex.Code);
        Assert.Contains("'report'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(from.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FinalStates_HaveNoWayOut()
    {
        foreach (var to in Enum.GetValues<TransferState>())
        {
            Assert.False(TransferStateMachine.CanMove(TransferState.Acknowledged, to));
            Assert.False(TransferStateMachine.CanMove(TransferState.Cancelled, to));
        }
    }
}
