using System.Text.Json.Serialization;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Hosting;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// Everything that crosses the local socket. The "type" property names the message and comes first
/// in every frame. Requests carry an <see cref="Request.Id"/> that their reply repeats as <see cref="Reply.ReplyTo"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Hello), "hello")]
[JsonDerivedType(typeof(Welcome), "welcome")]
[JsonDerivedType(typeof(CreateTransfer), "create")]
[JsonDerivedType(typeof(AddFiles), "add-files")]
[JsonDerivedType(typeof(GetTransfer), "get")]
[JsonDerivedType(typeof(ListTransfers), "list")]
[JsonDerivedType(typeof(ChangeState), "change-state")]
[JsonDerivedType(typeof(SetTransfer), "set")]
[JsonDerivedType(typeof(Subscribe), "subscribe")]
[JsonDerivedType(typeof(Unsubscribe), "unsubscribe")]
[JsonDerivedType(typeof(GetPolicy), "get-policy")]
[JsonDerivedType(typeof(SetPolicy), "set-policy")]
[JsonDerivedType(typeof(GetHostStatus), "host-status")]
[JsonDerivedType(typeof(StopHost), "stop-host")]
[JsonDerivedType(typeof(TransferReply), "transfer")]
[JsonDerivedType(typeof(TransferListReply), "transfer-list")]
[JsonDerivedType(typeof(SubscribedReply), "subscribed")]
[JsonDerivedType(typeof(DoneReply), "done")]
[JsonDerivedType(typeof(PolicyReply), "policy")]
[JsonDerivedType(typeof(HostStatusReply), "status")]
[JsonDerivedType(typeof(ErrorReply), "error")]
[JsonDerivedType(typeof(TransferEventMessage), "event")]
public abstract record Message;

/// <summary>The client's first frame: the protocol version it speaks and who it is.</summary>
/// <param name="Protocol">The client's <see cref="ProtocolVersion.Current"/>.</param>
/// <param name="Client">A name and version for the host's log, e.g. "bitslite-cli/0.1".</param>
public sealed record Hello(int Protocol, string Client) : Message;

/// <summary>The host's answer to <see cref="Hello"/> when the versions match; otherwise it sends an <see cref="ErrorReply"/> and closes.</summary>
/// <param name="Protocol">The host's protocol version.</param>
/// <param name="Server">A name and version, e.g. "bitslite-host/0.1".</param>
public sealed record Welcome(int Protocol, string Server) : Message;

/// <summary>A request; the host answers each with exactly one <see cref="Reply"/>.</summary>
/// <param name="Id">Chosen by the client, unique per connection.</param>
public abstract record Request([property: JsonPropertyOrder(-1)] long Id) : Message;

/// <summary>Creates a job; answered with <see cref="TransferReply"/>.</summary>
public sealed record CreateTransfer(long Id, TransferRequest Transfer) : Request(Id);

/// <summary>Adds files to a download job; answered with <see cref="TransferReply"/>.</summary>
public sealed record AddFiles(long Id, Guid TransferId, IReadOnlyList<TransferFileSpec> Files) : Request(Id);

/// <summary>One job; answered with <see cref="TransferReply"/>.</summary>
public sealed record GetTransfer(long Id, Guid TransferId) : Request(Id);

/// <summary>Jobs matching a query; answered with one or more <see cref="TransferListReply"/> pages.</summary>
public sealed record ListTransfers(long Id, TransferQuery Query) : Request(Id);

/// <summary>Suspend, resume, complete or cancel a job; answered with <see cref="TransferReply"/>.</summary>
public sealed record ChangeState(long Id, Guid TransferId, StateChange Change) : Request(Id);

/// <summary>Changes a job's settings; answered with <see cref="TransferReply"/>.</summary>
public sealed record SetTransfer(long Id, Guid TransferId, TransferOptionsPatch Options) : Request(Id);

/// <summary>Starts a stream of <see cref="TransferEventMessage"/>s for one job, or all when <paramref name="TransferId"/> is null; answered with <see cref="SubscribedReply"/>.</summary>
public sealed record Subscribe(long Id, Guid? TransferId) : Request(Id);

/// <summary>Ends a subscription; answered with <see cref="DoneReply"/>.</summary>
public sealed record Unsubscribe(long Id, long SubscriptionId) : Request(Id);

/// <summary>The host-wide policy; answered with <see cref="PolicyReply"/>.</summary>
public sealed record GetPolicy(long Id) : Request(Id);

/// <summary>Changes the host-wide policy (saved in the database); answered with <see cref="PolicyReply"/>.</summary>
public sealed record SetPolicy(long Id, HostPolicyChange Change) : Request(Id);

/// <summary>What the host says about itself; answered with <see cref="HostStatusReply"/>.</summary>
public sealed record GetHostStatus(long Id) : Request(Id);

/// <summary>Asks the host to checkpoint and exit; answered with <see cref="DoneReply"/> before it goes. Jobs resume when it next starts.</summary>
public sealed record StopHost(long Id) : Request(Id);

/// <summary>The operations of <see cref="ChangeState"/>.</summary>
public enum StateChange
{
    /// <summary>Pause the job, keeping its progress.</summary>
    Suspend,

    /// <summary>Queue the job again.</summary>
    Resume,

    /// <summary>Move finished files into place.</summary>
    Complete,

    /// <summary>Cancel the job and delete its temporary files.</summary>
    Cancel,
}

/// <summary>An answer to the request whose <see cref="Request.Id"/> it repeats.</summary>
/// <param name="ReplyTo">The request's id.</param>
public abstract record Reply([property: JsonPropertyOrder(-1)] long ReplyTo) : Message;

/// <summary>A job after the request.</summary>
public sealed record TransferReply(long ReplyTo, TransferInfo Transfer) : Reply(ReplyTo);

/// <summary>
/// A page of the jobs a list request matched, in creation order. Pages keep frames small however many
/// jobs are stored; every page but the last has <paramref name="More"/> set.
/// </summary>
public sealed record TransferListReply(long ReplyTo, IReadOnlyList<TransferInfo> Transfers, bool More) : Reply(ReplyTo);

/// <summary>A subscription was started; its events carry <paramref name="SubscriptionId"/>.</summary>
public sealed record SubscribedReply(long ReplyTo, long SubscriptionId) : Reply(ReplyTo);

/// <summary>The host-wide policy after the request.</summary>
public sealed record PolicyReply(long ReplyTo, HostPolicy Policy) : Reply(ReplyTo);

/// <summary>The host's status.</summary>
public sealed record HostStatusReply(long ReplyTo, HostStatus Status) : Reply(ReplyTo);

/// <summary>The request succeeded and has nothing to return.</summary>
public sealed record DoneReply(long ReplyTo) : Reply(ReplyTo);

/// <summary>The request was refused or failed. <paramref name="ReplyTo"/> is 0 for errors about the connection itself.</summary>
/// <param name="ReplyTo">The request's id, or 0.</param>
/// <param name="Code">A stable code scripts may rely on.</param>
/// <param name="Message">One sentence for people.</param>
public sealed record ErrorReply(long ReplyTo, TransferErrorCode Code, string Message) : Reply(ReplyTo);

/// <summary>Something happened to a job a client subscribed to. Sent by the host at any time after <see cref="SubscribedReply"/>.</summary>
/// <param name="SubscriptionId">The subscription the event belongs to.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Transfer">The job just after it happened.</param>
/// <param name="Missed">
/// How many of the subscription's events the host dropped just before this one because the client read too slowly;
/// <see langword="null"/> (left out) when none were. A client that sees it should read the jobs again.
/// </param>
public sealed record TransferEventMessage(long SubscriptionId, TransferEventKind Kind, TransferInfo Transfer, long? Missed = null) : Message;
