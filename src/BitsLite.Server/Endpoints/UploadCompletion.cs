using Microsoft.Extensions.Logging;

namespace BitsLite.Server.Endpoints;

/// <summary>What happens once a file is in place: one log line, then the application's callback.</summary>
internal static class UploadCompletion
{
    public static async Task ReportAsync(
        UploadEndpointSettings settings, ILogger logger, UploadedFile file, string client, CancellationToken cancellationToken)
    {
        UploadLog.Received(logger, file.Name, file.Length, file.Method, client);
        if (settings.UploadCompleted is null)
        {
            return;
        }

        try
        {
            await settings.UploadCompleted(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The file is placed and the client told so; the application's trouble is only logged.
            UploadLog.CompletedCallbackFailed(logger, file.Name, ex);
        }
    }
}
