using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Core;
using Quarry.Server.Mlflow;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Hosting;

/// <summary>
/// Turns every failure into MLflow's error body <c>{"error_code", "message"}</c> with MLflow's HTTP status
/// (spec <c>mlflow-rest.md</c> §0.1), so MLflow clients raise a readable <c>RestException</c>. The extra key
/// <c>quarry_code</c> carries Quarry's <see cref="ErrorCode"/> so Quarry's REST client can restore it exactly.
/// </summary>
internal sealed class ErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (QuarryException e)
        {
            var (code, status) = Map(e.Code);
            await Write(context, status, code, e.Message, e.Code).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await Write(context, StatusCodes.Status400BadRequest, "BAD_REQUEST", e.Message, null).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e)
        {
            await Write(context, StatusCodes.Status500InternalServerError, "INTERNAL_ERROR",
                $"Internal error: {e.GetType().Name}: {e.Message}", null).ConfigureAwait(false);
        }
    }

    /// <summary>The MLflow error code and HTTP status for a Quarry error.</summary>
    public static (string Code, int Status) Map(ErrorCode code) => MlflowErrors.ToMlflow(code);

    /// <summary>
    /// The JSON 404 MLflow clients expect for unknown routes; a known route called with the wrong method is a 405 with
    /// an <c>Allow</c> header instead.
    /// </summary>
    public static Task EndpointNotFound(HttpContext context)
    {
        var allowed = context.RequestServices.GetRequiredService<AllowedMethods>().For(context.Request.Path);
        if (allowed.Count == 0)
            return Write(context, StatusCodes.Status404NotFound, "ENDPOINT_NOT_FOUND",
                $"No endpoint {context.Request.Method} {context.Request.Path}", null);
        string list = string.Join(", ", allowed);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.Allow = list;
            return Task.CompletedTask;
        });
        return Write(context, StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED",
            $"{context.Request.Path} does not accept {context.Request.Method} (fix: use {list})", null);
    }

    /// <summary>Writes an MLflow error body (unless the response has started, in which case the connection is aborted).</summary>
    public static async Task Write(HttpContext context, int status, string code, string message, ErrorCode? quarryCode)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body, MlflowResponse.WriterOptions);
        json.WriteStartObject();
        json.WriteString("error_code", code);
        json.WriteString("message", message);
        if (quarryCode is { } q) json.WriteString(MlflowErrors.QuarryCodeKey, q.ToString());
        json.WriteEndObject();
    }
}
