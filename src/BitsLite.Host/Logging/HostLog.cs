using System.Globalization;
using System.Text;
using BitsLite.Engine.Text;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Locations;

namespace BitsLite.Host.Logging;

/// <summary>
/// The host's log: one line per event, in the data root, owner-only, opened without following links. When the file passes
/// <see cref="MaxFileBytes"/> it becomes host.log.1 (older ones shift up, the oldest beyond
/// <see cref="KeptFiles"/> is deleted), so the log never takes more than about (KeptFiles + 1) × MaxFileBytes.
/// Thread-safe; a failure to write is swallowed, since logging must never stop the host. Every message is cleaned
/// (<see cref="UntrustedText.Clean"/>): whatever a server or a client put in it, a line is one line, without terminal
/// escapes, and no URL in it shows a password.
/// </summary>
internal sealed class HostLog : IDisposable
{
    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly TimeProvider _time;
    private FileStream? _file;

    public HostLog(string path, long maxFileBytes = 1024 * 1024, int keptFiles = 3, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFileBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfNegative(keptFiles);
        _path = path;
        MaxFileBytes = maxFileBytes;
        KeptFiles = keptFiles;
        _time = time ?? TimeProvider.System;
    }

    public long MaxFileBytes { get; }

    public int KeptFiles { get; }

    public void Info(string message) => Write("INFO ", message);

    public void Warn(string message) => Write("WARN ", message);

    /// <remarks>The exception's stack trace (ours, not a peer's text) follows on lines of its own.</remarks>
    public void Error(string message, Exception? exception = null) =>
        Write("ERROR", exception is null ? message : $"{message} {exception.GetType().Name}: {exception.Message}", exception?.StackTrace);

    private void Write(string level, string message, string? trace = null)
    {
        var line = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{_time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {level} {UntrustedText.Clean(message)}{(trace is null ? "" : Environment.NewLine + trace)}{Environment.NewLine}"));
        lock (_lock)
        {
            try
            {
                var file = _file ??= Open();
                if (file.Length > 0 && file.Length + line.Length > MaxFileBytes)
                {
                    Rotate();
                    file = _file = Open();
                }

                file.Write(line);
                file.Flush();
            }
            catch (IOException)
            {
                DropFile();
            }
            catch (UnauthorizedAccessException)
            {
                DropFile();
            }
            catch (TransferException)
            {
                // A link or another user's file appeared where the log goes: it is not written to.
                DropFile();
            }
        }
    }

    /// <summary>Opens the log at its end, never through a link and never someone else's file (refused as an IOException would be).</summary>
    private FileStream Open()
    {
        var file = OwnerOnlyFile.Open(_path, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, "host log");
        file.Seek(0, SeekOrigin.End);
        return file;
    }

    private void Rotate()
    {
        DropFile();
        for (var i = KeptFiles; i >= 1; i--)
        {
            var older = i == 1 ? _path : $"{_path}.{i - 1}";
            var newer = $"{_path}.{i}";
            if (File.Exists(older))
            {
                File.Move(older, newer, overwrite: true);
            }
        }

        if (KeptFiles == 0)
        {
            File.Delete(_path);
        }
    }

    private void DropFile()
    {
        _file?.Dispose();
        _file = null;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            DropFile();
        }
    }
}
