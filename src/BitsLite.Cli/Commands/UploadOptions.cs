using System.CommandLine;
using BitsLite.Cli.Errors;
using BitsLite.Client.Requests;
using BitsLite.Protocol.Errors;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Cli.Commands;

/// <summary>
/// The upload options of transfer and create: --upload (SOURCE is a local file, DEST the URL it goes to), --upload-reply
/// FILE (the server's reply is written to FILE on complete) and --put (a plain HTTP PUT instead of the BITS protocol).
/// </summary>
internal sealed class UploadOptions
{
    private readonly Option<bool> _upload = new("--upload")
    {
        Description = "Upload: SOURCE is one local file, DEST the http(s) URL it goes to (the BITS upload protocol, resumed where the server says it stands).",
    };

    private readonly Option<string?> _reply = new("--upload-reply")
    {
        Description = "Upload, then fetch the server's reply into FILE (written when the job completes). Implies --upload.",
        HelpName = "FILE",
    };

    private readonly Option<bool> _put = new("--put")
    {
        Description = "Upload with one plain HTTP PUT, for servers without the BITS protocol; an interrupted PUT starts again from the first byte. Implies --upload.",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(_upload);
        command.Add(_reply);
        command.Add(_put);
    }

    /// <summary>Whether any upload option was given.</summary>
    public bool IsUpload(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.GetValue(_upload) || result.GetValue(_reply) is not null || result.GetValue(_put);
    }

    /// <summary>The upload's one file from "SOURCE DEST"; every problem is a usage error.</summary>
    public static IReadOnlyList<TransferFileSpec> Files(IReadOnlyList<string> operands, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(operands);
        if (operands.Count != 2)
        {
            throw CliException.Usage("an upload takes exactly one SOURCE (the local file) and one DEST (the http(s) URL it goes to)");
        }

        try
        {
            return [UploadFiles.Pair([operands[0]], [operands[1]], currentDirectory)];
        }
        catch (TransferException ex)
        {
            throw CliException.Usage(ex.Message);
        }
    }

    /// <summary>The request as an upload job (type, reply file, method), when an upload option was given.</summary>
    public TransferRequest Apply(ParseResult result, TransferRequest request, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        if (!IsUpload(result))
        {
            return request;
        }

        var reply = result.GetValue(_reply);
        var put = result.GetValue(_put);
        if (reply is not null && put)
        {
            throw CliException.Usage("--upload-reply needs the BITS upload protocol: a plain PUT (--put) has no reply");
        }

        try
        {
            return request with
            {
                TransferType = reply is null ? TransferType.Upload : TransferType.UploadReply,
                ReplyFile = reply is null ? null : UploadFiles.ReplyFile(reply, currentDirectory),
                Options = request.Options with { UploadMethod = put ? UploadMethod.Put : UploadMethod.Bits },
            };
        }
        catch (TransferException ex)
        {
            throw CliException.Usage("--upload-reply: " + ex.Message);
        }
    }
}
