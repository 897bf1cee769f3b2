using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Quarry.Server.Mlflow;

/// <summary>Writes a 200 JSON response straight into the response pipe (no intermediate objects).</summary>
internal static class MlflowResponse
{
    static readonly byte[] EmptyObject = "{}"u8.ToArray();

    /// <summary>
    /// Minimal escaping (quotes, backslashes, control characters): the body is <c>application/json</c>, never HTML, so
    /// messages keep their apostrophes and non-ASCII text as MLflow's do.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A writer over the response body with status 200 and <c>application/json</c>; disposing it commits what was
    /// written (Kestrel sends it when the handler returns).
    /// </summary>
    public static Utf8JsonWriter Json(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        return new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions);
    }

    /// <summary>MLflow's empty response message, <c>{}</c>.</summary>
    public static Task Empty(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = EmptyObject.Length;
        return context.Response.Body.WriteAsync(EmptyObject, context.RequestAborted).AsTask();
    }

    /// <summary>Writes <c>{"<paramref name="property"/>": value}</c> with <paramref name="write"/> (e.g. <c>{"run": {…}}</c>).</summary>
    public static void Wrapped<T>(HttpContext context, string property, T value, Action<Utf8JsonWriter, T> write)
    {
        using var json = Json(context);
        json.WriteStartObject();
        json.WritePropertyName(property);
        write(json, value);
        json.WriteEndObject();
    }
}
