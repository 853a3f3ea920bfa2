using BitsLite.Protocol.Transfers;

namespace BitsLite.Engine.Events;

/// <summary>One change to a job, with a snapshot of the job after it.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Transfer">The job after the change.</param>
public sealed record TransferEvent(TransferEventKind Kind, TransferInfo Transfer);
