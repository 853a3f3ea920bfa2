using BitsLite.Server.Files;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BitsLite.Server.Endpoints;

/// <summary>
/// Plain HTTP PUT of a whole file to the same URL, for clients that fall back from the BITS protocol: the body goes to a
/// temporary file in the session directory, is flushed to disk, and is then placed like a BITS upload. Answers 201
/// Created (204 when it replaced a file), 400 for a bad name or a Content-Range (partial PUT is not supported), 409 when
/// the file exists and overwriting is off, 413 above the maximum upload size, 408 for a body slower than the minimum
/// rate.
/// </summary>
internal sealed class PutHandler(UploadEndpointSettings settings, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var status = await ProcessAsync(context).ConfigureAwait(false);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentLength = 0;
        await response.CompleteAsync().ConfigureAwait(false);
    }

    private async Task<int> ProcessAsync(HttpContext context)
    {
        var request = context.Request;
        var name = RequestNames.FromRoute(context);
        if (!settings.Directories.TryResolve(name, out var destination, out var reason))
        {
            return Refuse(context, name, reason, StatusCodes.Status400BadRequest);
        }

        if (request.Headers.ContentRange.Count > 0)
        {
            return Refuse(context, name, "Content-Range in a PUT", StatusCodes.Status400BadRequest);
        }

        var existed = File.Exists(destination);
        if (existed && !settings.AllowOverwrite)
        {
            return Refuse(context, name, "the file exists", StatusCodes.Status409Conflict);
        }

        var limit = settings.MaxUploadSize ?? long.MaxValue;
        if (request.ContentLength > limit)
        {
            return LimitReached(
                context, name, $"{request.ContentLength} bytes is more than the maximum upload size, {limit}", StatusCodes.Status413RequestEntityTooLarge);
        }

        BodyLimits.ForUploads(context, settings.MinRequestBodyDataRate);

        var temporary = settings.Directories.NewPutPath();
        try
        {
            long length;
            using (var file = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                length = await BodyCopier.CopyAsync(
                    request.BodyReader, file, skip: 0, fileOffset: 0, count: long.MaxValue, limit, _ => { }, context.RequestAborted)
                    .ConfigureAwait(false);
                RandomAccess.FlushToDisk(file);
            }

            if (FilePlacement.Place(temporary, destination, settings.AllowOverwrite, settings.Directories) == PlacementResult.AlreadyExists)
            {
                return Refuse(context, name, "the file exists", StatusCodes.Status409Conflict);
            }

            await UploadCompletion.ReportAsync(
                settings, logger, new UploadedFile(name, destination, length, UploadMethod.Put), settings.ClientKey(context), context.RequestAborted)
                .ConfigureAwait(false);
            return existed ? StatusCodes.Status204NoContent : StatusCodes.Status201Created;
        }
        catch (BodyTooLargeException)
        {
            return LimitReached(
                context, name, $"the body is longer than the maximum upload size, {limit}", StatusCodes.Status413RequestEntityTooLarge);
        }
        catch (BadHttpRequestException ex) when (BodyLimits.IsTooSlow(ex))
        {
            return LimitReached(context, name, "the body came slower than the minimum data rate", StatusCodes.Status408RequestTimeout);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or OperationCanceledException || context.RequestAborted.IsCancellationRequested)
        {
            // The client went away or sent a short body: nothing is kept.
            return StatusCodes.Status400BadRequest;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            UploadLog.PutFailed(logger, name, ex);
            return StatusCodes.Status500InternalServerError;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private int Refuse(HttpContext context, string name, string reason, int status)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var client = settings.ClientKey(context);
            UploadLog.Refused(logger, HttpMethods.Put, "", name, client, reason);
        }

        return status;
    }

    private int LimitReached(HttpContext context, string name, string reason, int status)
    {
        UploadLog.LimitReached(logger, HttpMethods.Put, name, settings.ClientKey(context), reason);
        return status;
    }
}
