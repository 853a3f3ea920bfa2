using System.CommandLine;
using BitsLite.Cli.Errors;
using BitsLite.Client.Requests;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Commands;

/// <summary>
/// The expected SHA-256s of a download's files, for transfer, create and add: <c>--sha256 HEX</c> for a single source,
/// <c>--checksums FILE</c> (sha256sum's format, see <see cref="ChecksumFile"/>) for any number.
/// </summary>
internal sealed class HashOptions
{
    private readonly Option<string?> _sha256 = new("--sha256")
    {
        Description = "The SHA-256 the one downloaded file must have (64 hexadecimal digits). It is checked as the bytes arrive; a file that does not match puts the job in Error and never appears.",
        HelpName = "HEX",
    };

    private readonly Option<string?> _checksums = new("--checksums")
    {
        Description = "Expected SHA-256s from a checksum file in sha256sum's format ('HEX  NAME' lines; '-' for standard input), matched to each file by its destination's or its URL's file name. Every file needs a line; other lines are ignored.",
        HelpName = "FILE",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(_sha256);
        command.Add(_checksums);
    }

    /// <summary>The files with the hashes given; every problem is a usage error (exit code 2).</summary>
    public IReadOnlyList<TransferFileSpec> Apply(ParseResult result, IReadOnlyList<TransferFileSpec> files, bool upload, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(context);
        var sha256 = result.GetValue(_sha256);
        var checksums = result.GetValue(_checksums);
        if (sha256 is null && checksums is null)
        {
            return files;
        }

        if (upload)
        {
            throw CliException.Usage("--sha256 and --checksums check downloads; an upload's file is checked by its server");
        }

        if (sha256 is not null && checksums is not null)
        {
            throw CliException.Usage("give --sha256 (one file) or --checksums (many), not both");
        }

        try
        {
            if (sha256 is not null)
            {
                if (files.Count != 1)
                {
                    throw CliException.Usage($"--sha256 is for one source; this job has {files.Count} files: use --checksums FILE for several");
                }

                return [files[0] with { ExpectedHash = Sha256Text.Normalize(sha256) ?? throw CliException.Usage("--sha256 is empty") }];
            }

            return ChecksumFile.Apply(files, ChecksumFile.Parse(ReadLines(checksums!, context), checksums!), checksums!);
        }
        catch (TransferException ex)
        {
            throw CliException.Usage(ex.Message);
        }
    }

    private static IEnumerable<string> ReadLines(string path, CliContext context)
    {
        try
        {
            if (path == "-")
            {
                var lines = new List<string>();
                while (context.Input.ReadLine() is { } line)
                {
                    lines.Add(line);
                }

                return lines;
            }

            return File.ReadAllLines(Path.GetFullPath(path, context.CurrentDirectory));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw CliException.Usage($"--checksums: cannot read '{path}': {ex.Message}");
        }
    }
}
