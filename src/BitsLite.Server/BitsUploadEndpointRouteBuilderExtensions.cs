using System.ComponentModel.DataAnnotations;
using BitsLite.Server.Endpoints;
using BitsLite.Server.Files;
using BitsLite.Server.Protocol;
using BitsLite.Server.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BitsLite.Server;

/// <summary>Maps the server side of the BITS upload protocol.</summary>
public static class BitsUploadEndpointRouteBuilderExtensions
{
    /// <summary>The path segment below the pattern where upload-reply sessions serve their replies.</summary>
    public const string RepliesSegment = "BITS-Replies";

    /// <summary>
    /// Receives uploads below <paramref name="pattern"/>: BITS_POST packets of the BITS upload protocol (Ping,
    /// Create-Session, Fragment, Close-Session, Cancel-Session) and plain PUTs, to <c>{pattern}/{file name}</c> or, with
    /// the name in the first fragment's Content-Name, to <paramref name="pattern"/> itself; and GET
    /// <c>{pattern}/BITS-Replies/{session id}</c> for the replies of an upload-reply endpoint.
    /// </summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <param name="pattern">A literal path such as <c>/uploads</c> (no route parameters).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for conventions (such as RequireAuthorization) that apply to all of the endpoints.</returns>
    public static IEndpointConventionBuilder MapBitsUploads(this IEndpointRouteBuilder endpoints, string pattern, Action<BitsUploadOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new BitsUploadOptions();
        configure(options);
        return endpoints.MapBitsUploads(pattern, options);
    }

    /// <inheritdoc cref="MapBitsUploads(IEndpointRouteBuilder, string, Action{BitsUploadOptions})"/>
    /// <param name="endpoints">The application's routes.</param>
    /// <param name="pattern">A literal path such as <c>/uploads</c> (no route parameters).</param>
    /// <param name="options">The options; the endpoint keeps a copy.</param>
    /// <exception cref="ValidationException">An option is missing or out of range.</exception>
    public static IEndpointConventionBuilder MapBitsUploads(this IEndpointRouteBuilder endpoints, string pattern, BitsUploadOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        var prefix = NormalizePattern(pattern);

        var services = endpoints.ServiceProvider;
        var time = options.TimeProvider ?? services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("BitsLite.Server.BitsUploads");
        var uploadDirectory = Path.GetFullPath(options.UploadDirectory);
        var directories = new UploadDirectories(
            uploadDirectory, options.SessionDirectory ?? Path.Join(uploadDirectory, BitsUploadOptions.DefaultSessionFolderName));
        var settings = new UploadEndpointSettings
        {
            Directories = directories,
            MaxUploadSize = options.MaxUploadSize,
            MaxSessionsPerClient = options.MaxSessionsPerClient,
            MaxSessions = options.MaxSessions,
            MinRequestBodyDataRate = options.MinRequestBodyDataRate,
            AllowOverwrite = options.AllowOverwrite,
            ClientKey = options.ClientKeySelector ?? UploadEndpointSettings.DefaultClientKey,
            ReplyFactory = options.ReplyFactory,
            UploadCompleted = options.UploadCompleted,
            ReplyPath = prefix + "/" + RepliesSegment,
        };

        var store = new SessionStore(directories, options.SessionTimeout, options.MaxSessionsPerClient, options.MaxSessions, time, logger);
        store.Start(options.CleanupInterval);
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(store.Dispose);

        var upload = new UploadEndpoint(new BitsPacketHandler(settings, store, logger), new PutHandler(settings, logger));
        string[] methods = options.AllowPut ? [BitsHeaders.Method, HttpMethods.Put] : [BitsHeaders.Method];
        var uploads = endpoints.MapMethods(prefix + "/{**" + RequestNames.RouteValue + "}", methods, upload.HandleAsync);
        var replies = endpoints.MapMethods(
            $"{prefix}/{RepliesSegment}/{{{ReplyHandler.RouteValue}:guid}}", [HttpMethods.Get, HttpMethods.Head], new ReplyHandler(store).HandleAsync);
        return new CompositeEndpointConventionBuilder([uploads, replies]);
    }

    private static string NormalizePattern(string pattern)
    {
        var trimmed = pattern.Trim().TrimEnd('/');
        if (trimmed.Contains('{', StringComparison.Ordinal) || trimmed.Contains('}', StringComparison.Ordinal) || trimmed.Contains('?', StringComparison.Ordinal))
        {
            throw new ArgumentException("The pattern must be a literal path such as /uploads, without route parameters.", nameof(pattern));
        }

        return trimmed.Length == 0 || trimmed[0] == '/' ? trimmed : "/" + trimmed;
    }
}
