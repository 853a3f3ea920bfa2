using System.Management.Automation;
using BitsLite.Protocol.Hosting;

namespace BitsLite.PowerShell.Commands;

/// <summary>Get-TransferPolicy: shows the host-wide rules every transfer runs under.</summary>
[Cmdlet(VerbsCommon.Get, "TransferPolicy")]
[OutputType(typeof(HostPolicy))]
public sealed class GetTransferPolicyCommand : TransferCmdlet
{
    /// <summary>Writes the policy.</summary>
    protected override void ProcessRecord() => WriteObject(Await(ct => Client.GetPolicyAsync(ct)));
}
