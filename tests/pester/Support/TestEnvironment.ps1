# Helpers for the Pester suite, dot-sourced by BitsLite.Tests.ps1 in its BeforeAll.

# A data root for the suite's host: outside Pester's TestDrive (which Pester empties per Describe and Context, under a
# running host), short (a Unix socket path must stay under about 100 characters), and owner-only, as BitsLite wants.
function New-TestDataRoot {
    $base = if ($IsWindows) { [System.IO.Path]::GetTempPath() } else { '/tmp' }
    $path = Join-Path $base ('bitslite-pester-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    if ($IsWindows) {
        New-Item -ItemType Directory -Path $path | Out-Null
    }
    else {
        [System.IO.Directory]::CreateDirectory($path, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute') | Out-Null
    }

    $path
}

function New-TestFile {
    param([string] $Path, [int] $Bytes, [int] $Seed = 1)
    $data = [byte[]]::new($Bytes)
    [System.Random]::new($Seed).NextBytes($data)
    [System.IO.File]::WriteAllBytes($Path, $data)
    $Path
}

function Get-Hash {
    param([string] $Path)
    (Get-FileHash -Path $Path -Algorithm SHA256).Hash
}

function Get-PartFile {
    param([string] $Directory)
    @(Get-ChildItem -Path $Directory -Filter '*.bitslite-part' -Force)
}

# Polls a condition until it holds or the time is up; the tests wait on states, never on luck.
function Wait-Until {
    param([scriptblock] $Condition, [double] $TimeoutSeconds = 60, [string] $Because = 'the condition to hold')
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) {
            throw "Timed out after $TimeoutSeconds s waiting for $Because."
        }

        Start-Sleep -Milliseconds 50
    }
}

# python3's http.server on 127.0.0.1, serving $Root (a missing file answers 404). Returns $null without python3.
function Start-TestWebServer {
    param([string] $Root, [string] $LogDirectory)
    $python = Get-Command -Name python3 -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $python) {
        return $null
    }

    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = $listener.LocalEndpoint.Port
    $listener.Stop()
    $process = Start-Process -FilePath $python.Source -ArgumentList '-m', 'http.server', '--bind', '127.0.0.1', "$port" `
        -WorkingDirectory $Root -PassThru `
        -RedirectStandardOutput (Join-Path $LogDirectory 'http.out') -RedirectStandardError (Join-Path $LogDirectory 'http.err')
    Wait-Until -TimeoutSeconds 20 -Because "the test web server on port $port" -Condition {
        if ($process.HasExited) { throw "The test web server exited with code $($process.ExitCode)." }
        try { [System.Net.Sockets.TcpClient]::new('127.0.0.1', $port).Dispose(); $true } catch { $false }
    }

    [pscustomobject]@{ Process = $process; Base = "http://127.0.0.1:$port" }
}

# Stops the host of the current BITSLITE_HOME, if one runs, and waits until its process is gone.
function Stop-TestHost {
    $status = Get-TransferHost
    if (-not $status.IsRunning) {
        return
    }

    Stop-TransferHost -Confirm:$false
    Wait-Until -TimeoutSeconds 30 -Because "host process $($status.ProcessId) to exit" -Condition {
        -not (Get-Process -Id $status.ProcessId -ErrorAction SilentlyContinue)
    }
}
