#Requires -Version 7.4
<#
    BitsTransfer compatibility for Linux and macOS: the eight cmdlets of Windows' BitsTransfer module, with their
    parameters, pipelines and outputs, as thin functions over BitsLite's cmdlets. A script written for Windows runs
    unchanged, `Import-Module BitsTransfer` included. What BitsLite cannot do the BITS way fails with the error id
    NotSupportedByBitsLite and a message that says why, never with a bind failure (about_BitsTransfer has the list).
#>

if ($IsWindows) {
    # Never shadow Windows' own module: load it in our place, and export nothing of ours.
    $windowsModule = Join-Path $env:SystemRoot 'System32/WindowsPowerShell/v1.0/Modules/BitsTransfer/BitsTransfer.psd1'
    if (Test-Path -Path $windowsModule) {
        Import-Module -Name $windowsModule -Global
        Export-ModuleMember
        return
    }

    throw "This is BitsLite's BitsTransfer for Linux and macOS. On Windows, use Windows' own BitsTransfer module; it was not found at '$windowsModule'."
}

# Not Microsoft's type name: on Windows this module's format file must never restyle the real BitsJob objects.
$script:BitsJobTypeName = 'BitsLite.BitsJob'

function Stop-Unsupported {
    param([System.Management.Automation.PSCmdlet] $Cmdlet, [string] $Parameter, [string] $Reason)
    $exception = [System.NotSupportedException]::new("$Parameter is not supported by BitsLite: $Reason")
    $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
            $exception, 'NotSupportedByBitsLite', [System.Management.Automation.ErrorCategory]::NotImplemented, $Parameter))
}

# Output as BITS shows it: the same live BitsLite.Transfer objects, displayed with Get-BitsTransfer's columns.
function Write-BitsJob {
    param([Parameter(ValueFromPipeline)] $Transfer)
    process {
        if ($null -ne $Transfer) {
            if ($Transfer.PSObject.TypeNames[0] -ne $script:BitsJobTypeName) {
                $Transfer.PSObject.TypeNames.Insert(0, $script:BitsJobTypeName)
            }

            $Transfer
        }
    }
}

# The job settings Start- and Set-BitsTransfer share, as BitsLite's parameters; refuses what BitsLite cannot honour.
function ConvertTo-TransferSetting {
    param([System.Management.Automation.PSCmdlet] $Cmdlet, [hashtable] $Bound, [switch] $NewJob)
    $settings = @{}
    foreach ($name in 'DisplayName', 'Description', 'Priority', 'RetryInterval', 'RetryTimeout', 'MaxDownloadTime',
        'TransferPolicy', 'Credential', 'ProxyCredential', 'ProxyUsage', 'ProxyBypass', 'CustomHeaders', 'CustomHeadersWriteOnly', 'NotifyCmdLine') {
        if ($Bound.ContainsKey($name)) { $settings[$name] = $Bound[$name] }
    }

    foreach ($name in 'Authentication', 'ProxyAuthentication') {
        if ($Bound.ContainsKey($name)) {
            if ($Bound[$name] -eq 'Passport') {
                Stop-Unsupported $Cmdlet "-$name Passport" 'Microsoft Passport is a Windows-only service; use Basic, Digest, Ntlm or Negotiate.'
            }

            $settings[$name] = $Bound[$name]
        }
    }

    if ($Bound.ContainsKey('ProxyList')) {
        # BITS takes proxy URIs ("http://proxy1", "http://proxy2:81"); BitsLite takes host:port.
        $settings.ProxyList = @($Bound.ProxyList | ForEach-Object { $_.IsAbsoluteUri -and $_.Host ? ('{0}:{1}' -f $_.Host, $_.Port) : $_.OriginalString })
    }

    if ($Bound.ContainsKey('HttpMethod') -and $Bound.HttpMethod -ne 'GET') {
        Stop-Unsupported $Cmdlet '-HttpMethod' "BitsLite downloads with GET only; '$($Bound.HttpMethod)' cannot be sent."
    }

    if ($Bound.ContainsKey('NotifyFlags')) {
        switch ([int] $Bound.NotifyFlags) {
            3 { }
            # Disabled: a new job gets no program; an existing one loses its own.
            4 { if ($NewJob) { $settings.Remove('NotifyCmdLine') } else { $settings.NotifyCmdLine = @() } }
            default { Stop-Unsupported $Cmdlet "-NotifyFlags $($Bound.NotifyFlags)" 'BitsLite runs the notification program on both Transferred and Error (1|2), or not at all (4).' }
        }
    }

    if ($Bound.ContainsKey('UseStoredCredential') -and "$($Bound.UseStoredCredential)" -ne 'None') {
        Stop-Unsupported $Cmdlet '-UseStoredCredential' 'there is no Windows credential store; give -Credential or -ProxyCredential.'
    }

    if ($Bound.ContainsKey('SecurityFlags') -and [int] $Bound.SecurityFlags -ne 0) {
        Stop-Unsupported $Cmdlet '-SecurityFlags' 'BitsLite always checks server certificates and never follows a redirect from HTTPS to HTTP.'
    }

    foreach ($name in 'CertStoreLocation', 'CertStoreName', 'CertHash') {
        if ($Bound.ContainsKey($name)) {
            Stop-Unsupported $Cmdlet "-$name" 'there are no Windows certificate stores, so client certificates cannot be chosen from one.'
        }
    }

    if ($Bound.ContainsKey('ACLFlags')) {
        Stop-Unsupported $Cmdlet '-ACLFlags' 'Windows ACLs do not exist here; downloaded files get your usual permissions (umask).'
    }

    $settings
}

function Start-BitsTransfer {
    <#
    .SYNOPSIS
        Creates a BITS-style transfer job: downloads (or uploads) files in the background with BitsLite.
    .DESCRIPTION
        Start-BitsTransfer from Windows' BitsTransfer module, over BitsLite's Start-Transfer. Without -Asynchronous it
        waits with a progress bar, completes the job so that the files are there, and writes nothing. With -Asynchronous
        or -Suspended it writes the job at once; run Complete-BitsTransfer once its JobState is Transferred. Source and
        Destination bind by property name, so Import-Csv rows make one job each. Local sources may use wildcards.
        What BitsLite cannot do the BITS way (Passport, certificate stores, ACL flags, ...) fails with the error id
        NotSupportedByBitsLite; see about_BitsTransfer.
    .EXAMPLE
        Start-BitsTransfer -Source https://example.com/files/report.pdf -Destination ~/Downloads/report.pdf
        Downloads one file and waits until it is there.
    .EXAMPLE
        Import-Csv filelist.txt | Start-BitsTransfer -Asynchronous -Priority Normal
        Starts one background job per row of filelist.txt (columns Source and Destination).
    .EXAMPLE
        $job = Start-BitsTransfer -Source https://example.com/big.iso -Destination ~/big.iso -Asynchronous
        while (($job.JobState -eq "Transferring") -or ($job.JobState -eq "Connecting")) { Start-Sleep 5 }
        if ($job.JobState -eq "Transferred") { Complete-BitsTransfer -BitsJob $job }
        Polls the live job object until the transfer ends, then completes it.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [SupportsWildcards()]
        [string[]] $Source,

        [Parameter(Position = 1, ValueFromPipelineByPropertyName)]
        [string[]] $Destination,

        [switch] $Asynchronous,
        [switch] $Suspended,
        [switch] $Dynamic,
        [switch] $CustomHeadersWriteOnly,
        [ValidateSet('Basic', 'Digest', 'Ntlm', 'Negotiate', 'Passport')]
        [string] $Authentication,
        [pscredential] $Credential,
        [ValidateLength(0, 1024)]
        [string] $Description,
        [string] $HttpMethod,
        [string] $DisplayName,
        [ValidateSet('Foreground', 'High', 'Normal', 'Low')]
        [string] $Priority = 'Foreground',
        [string] $TransferPolicy,
        [object] $ACLFlags,
        [object] $SecurityFlags,
        [ValidateSet('None', 'Server', 'Proxy')]
        [string[]] $UseStoredCredential,
        [ValidateSet('Basic', 'Digest', 'Ntlm', 'Negotiate', 'Passport')]
        [string] $ProxyAuthentication,
        [string[]] $ProxyBypass,
        [pscredential] $ProxyCredential,
        [uri[]] $ProxyList,
        [ValidateSet('SystemDefault', 'NoProxy', 'AutoDetect', 'Override')]
        [string] $ProxyUsage,
        [int] $RetryInterval,
        [int] $RetryTimeout,
        [int] $MaxDownloadTime,
        [ValidateSet('Download', 'Upload', 'UploadReply')]
        [string] $TransferType = 'Download',
        [string[]] $CustomHeaders,
        [int] $NotifyFlags,
        [string[]] $NotifyCmdLine,
        [object] $CertStoreLocation,
        [string] $CertStoreName,
        [byte[]] $CertHash
    )

    process {
        $parameters = ConvertTo-TransferSetting -Cmdlet $PSCmdlet -Bound $PSBoundParameters -NewJob
        foreach ($name in 'Source', 'Destination', 'Suspended', 'TransferType') {
            if ($PSBoundParameters.ContainsKey($name)) { $parameters[$name] = $PSBoundParameters[$name] }
        }

        $parameters.Priority = $Priority
        # With -Suspended, BITS returns at once too.
        $parameters.Asynchronous = $Asynchronous -or $Suspended
        if ($parameters.Asynchronous) {
            BitsLite\Start-Transfer @parameters | Write-BitsJob
        }
        else {
            # Synchronous: as with BITS, the files are there when it returns, and nothing is written.
            $null = BitsLite\Start-Transfer @parameters
        }
    }
}

function Get-BitsTransfer {
    <#
    .SYNOPSIS
        Gets the current user's transfer jobs, by name (wildcards) or by JobId.
    .DESCRIPTION
        Get-BitsTransfer from Windows' BitsTransfer module, over BitsLite's Get-Transfer: every job not yet completed or
        cancelled. -AllUsers fails with NotSupportedByBitsLite: each user's jobs live in that user's own host.
    .EXAMPLE
        Get-BitsTransfer
        Lists the jobs, with the columns JobId, DisplayName, TransferType, JobState and OwnerAccount.
    .EXAMPLE
        Get-BitsTransfer -Name "nightly*" | Complete-BitsTransfer
        Completes the jobs whose display name starts with nightly.
    #>
    [CmdletBinding(DefaultParameterSetName = 'ListJobsByName')]
    param(
        [Parameter(Position = 0, ParameterSetName = 'ListJobsByName')]
        [Alias('n')]
        [SupportsWildcards()]
        [string[]] $Name,

        [Parameter(Position = 1, ParameterSetName = 'ListJobsByName')]
        [Alias('all')]
        [switch] $AllUsers,

        [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName, ParameterSetName = 'ListJobsById')]
        [Alias('id')]
        [guid[]] $JobId
    )

    process {
        if ($AllUsers) {
            Stop-Unsupported $PSCmdlet '-AllUsers' 'each user''s transfers live in that user''s own BitsLite host, so there is no list of every user''s jobs, even for root. Run the command as each user (for example: sudo -u ann pwsh -c Get-BitsTransfer).'
        }

        if ($PSCmdlet.ParameterSetName -eq 'ListJobsById') {
            BitsLite\Get-Transfer -Id $JobId | Write-BitsJob
        }
        elseif ($Name) {
            BitsLite\Get-Transfer -Name $Name | Write-BitsJob
        }
        else {
            BitsLite\Get-Transfer | Write-BitsJob
        }
    }
}

function Set-BitsTransfer {
    <#
    .SYNOPSIS
        Changes the settings of transfer jobs.
    .DESCRIPTION
        Set-BitsTransfer from Windows' BitsTransfer module, over BitsLite's Set-Transfer: priority, names, retry times,
        transfer policy, credentials, proxies, custom headers and the notification program. Writes the changed jobs.
    .EXAMPLE
        Get-BitsTransfer -Name backup | Set-BitsTransfer -Priority Low -TransferPolicy Standard
        Moves the job named backup to Low priority, transferring only on unmetered networks.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [Alias('b')]
        [BitsLite.Transfer[]] $BitsJob,

        [Alias('dn')]
        [string] $DisplayName,
        [Alias('p')]
        [ValidateSet('Foreground', 'High', 'Normal', 'Low')]
        [string] $Priority,
        [Alias('d')]
        [ValidateLength(0, 1024)]
        [string] $Description,
        [switch] $Dynamic,
        [switch] $CustomHeadersWriteOnly,
        [Alias('hm')]
        [string] $HttpMethod,
        [Alias('pa')]
        [ValidateSet('Basic', 'Digest', 'Ntlm', 'Negotiate', 'Passport')]
        [string] $ProxyAuthentication,
        [int] $RetryInterval,
        [int] $RetryTimeout,
        [int] $MaxDownloadTime,
        [string] $TransferPolicy,
        [object] $ACLFlags,
        [object] $SecurityFlags,
        [ValidateSet('None', 'Server', 'Proxy')]
        [string[]] $UseStoredCredential,
        [Alias('cred')]
        [pscredential] $Credential,
        [Alias('pc')]
        [pscredential] $ProxyCredential,
        [Alias('au')]
        [ValidateSet('Basic', 'Digest', 'Ntlm', 'Negotiate', 'Passport')]
        [string] $Authentication,
        [Alias('so')]
        [switch] $SetOwnerToCurrentUser,
        [Alias('pu')]
        [ValidateSet('SystemDefault', 'NoProxy', 'AutoDetect', 'Override')]
        [string] $ProxyUsage,
        [Alias('pl')]
        [uri[]] $ProxyList,
        [Alias('pb')]
        [string[]] $ProxyBypass,
        [string[]] $CustomHeaders,
        [int] $NotifyFlags,
        [string[]] $NotifyCmdLine,
        [object] $CertStoreLocation,
        [string] $CertStoreName,
        [byte[]] $CertHash
    )

    begin {
        # Checked once, before any job is touched. -SetOwnerToCurrentUser changes nothing: every job a user's host
        # keeps is that user's already.
        $settings = ConvertTo-TransferSetting -Cmdlet $PSCmdlet -Bound $PSBoundParameters
    }

    process {
        if ($settings.Count -eq 0) {
            $BitsJob | Write-BitsJob
            return
        }

        BitsLite\Set-Transfer -Transfer $BitsJob @settings -PassThru | Write-BitsJob
    }
}

function Suspend-BitsTransfer {
    <#
    .SYNOPSIS
        Suspends transfer jobs; Resume-BitsTransfer starts them again.
    .EXAMPLE
        Get-BitsTransfer | Suspend-BitsTransfer
        Suspends every job of the current user and writes them.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [Alias('b')]
        [BitsLite.Transfer[]] $BitsJob
    )

    process {
        BitsLite\Suspend-Transfer -Transfer $BitsJob -PassThru | Write-BitsJob
    }
}

function Resume-BitsTransfer {
    <#
    .SYNOPSIS
        Resumes suspended or failed transfer jobs, waiting until each is transferred unless -Asynchronous.
    .DESCRIPTION
        Resume-BitsTransfer from Windows' BitsTransfer module, over BitsLite's Resume-Transfer. It does not complete the
        jobs: run Complete-BitsTransfer for the files to appear. Writes the jobs only with -Asynchronous.
    .EXAMPLE
        Get-BitsTransfer -Name TestJob01 | Resume-BitsTransfer
        Resumes the job and waits until it is transferred.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [Alias('b')]
        [BitsLite.Transfer[]] $BitsJob,

        [Alias('as')]
        [switch] $Asynchronous
    )

    process {
        if ($Asynchronous) {
            BitsLite\Resume-Transfer -Transfer $BitsJob -Asynchronous -PassThru | Write-BitsJob
        }
        else {
            BitsLite\Resume-Transfer -Transfer $BitsJob
        }
    }
}

function Complete-BitsTransfer {
    <#
    .SYNOPSIS
        Completes transfer jobs: their files appear at their destinations.
    .EXAMPLE
        Get-BitsTransfer | Complete-BitsTransfer
        Completes every transferred job of the current user.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [Alias('b')]
        [BitsLite.Transfer[]] $BitsJob
    )

    process {
        BitsLite\Complete-Transfer -Transfer $BitsJob
    }
}

function Remove-BitsTransfer {
    <#
    .SYNOPSIS
        Cancels transfer jobs and deletes their temporary files.
    .EXAMPLE
        Get-BitsTransfer -Name old-* | Remove-BitsTransfer
        Cancels the jobs whose display name starts with old-.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [Alias('b')]
        [BitsLite.Transfer[]] $BitsJob
    )

    process {
        BitsLite\Remove-Transfer -Transfer $BitsJob
    }
}

function Add-BitsFile {
    <#
    .SYNOPSIS
        Adds files to a download job.
    .DESCRIPTION
        Add-BitsFile from Windows' BitsTransfer module, over BitsLite's Add-TransferFile. Source and Destination bind by
        property name, so Import-Csv rows add one file each. Writes the job.
    .EXAMPLE
        $job = Start-BitsTransfer -Suspended
        Import-Csv filelist.txt | Add-BitsFile -BitsJob $job
        Resume-BitsTransfer -BitsJob $job
        Fills an empty suspended job from a CSV (columns Source and Destination), then runs it.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [BitsLite.Transfer[]] $BitsJob,

        [Parameter(Mandatory, Position = 1, ValueFromPipelineByPropertyName)]
        [SupportsWildcards()]
        [string[]] $Source,

        [Parameter(Position = 2, ValueFromPipelineByPropertyName)]
        [string[]] $Destination
    )

    process {
        $files = @{ Source = $Source }
        if ($PSBoundParameters.ContainsKey('Destination')) { $files.Destination = $Destination }
        BitsLite\Add-TransferFile -Transfer $BitsJob @files -PassThru | Write-BitsJob
    }
}

Export-ModuleMember -Function Start-BitsTransfer, Get-BitsTransfer, Set-BitsTransfer, Suspend-BitsTransfer,
    Resume-BitsTransfer, Complete-BitsTransfer, Remove-BitsTransfer, Add-BitsFile
