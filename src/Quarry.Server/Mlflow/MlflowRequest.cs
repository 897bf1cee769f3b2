using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Quarry.Core;
using Quarry.Tracking;
using Quarry.Tracking.Rest;

namespace Quarry.Server.Mlflow;

/// <summary>
/// The fields of one MLflow request, read as MLflow reads them (spec <c>mlflow-rest.md</c> §0, §7.2): from the JSON
/// body of a POST / PATCH / PUT / DELETE (Content-Type <c>application/json</c>), or from the query string of a GET
/// (repeated keys, <c>x[]=</c> and <c>x[0]=</c> for lists). Lenient like MLflow: numbers for string ids, int64 as
/// strings, NaN / Infinity strings, enum names or numbers, <c>run_uuid</c> for <c>run_id</c>, unknown fields ignored.
/// Errors are MLflow's "Missing value for required parameter…" and "Invalid value … supplied" (InvalidParameter → 400).
/// One instance per request; dispose it to release the parsed body.
/// </summary>
internal sealed class MlflowRequest : IDisposable
{
    /// <summary>The largest JSON body accepted by endpoints other than log-batch.</summary>
    public const long MaxJsonBody = 64L * 1024 * 1024;

    /// <summary>MLflow's <c>MAX_BATCH_LOG_REQUEST_SIZE</c>.</summary>
    public const long MaxBatchBody = 1_000_000;

    readonly JsonDocument? _body;
    readonly IQueryCollection? _query;

    MlflowRequest(JsonDocument? body, IQueryCollection? query)
    {
        _body = body;
        _query = query;
    }

    JsonElement Root => _body!.RootElement;

    /// <summary>The JSON body's root object, for requests whose fields are nested (only when the request had a body, i.e. not a GET).</summary>
    public JsonElement Body => Root;

    /// <summary>Reads the request's fields: the query of a GET, else the JSON body (at most <paramref name="maxBody"/> bytes).</summary>
    public static async ValueTask<MlflowRequest> ReadAsync(HttpContext context, long maxBody = MaxJsonBody)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) return new MlflowRequest(null, request.Query);
        return FromBody(await ReadBodyAsync(context, maxBody).ConfigureAwait(false));
    }

    /// <summary>
    /// The JSON body of a request that has one (POST / PATCH / PUT / DELETE), unparsed: its Content-Type checked, at
    /// most <paramref name="maxBody"/> bytes. For endpoints that read the body themselves before <see cref="FromBody"/>.
    /// </summary>
    public static ValueTask<byte[]> ReadBodyAsync(HttpContext context, long maxBody)
    {
        var request = context.Request;
        bool hasBody = request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (hasBody || !HttpMethods.IsDelete(request.Method)) CheckContentType(request.ContentType);
        if (request.ContentLength is { } declared && declared > maxBody) throw TooLarge(declared, maxBody);
        return ReadBodyAsync(request.BodyReader, maxBody, context.RequestAborted);
    }

    /// <summary>The fields of a JSON body read by <see cref="ReadBodyAsync(HttpContext, long)"/>.</summary>
    public static MlflowRequest FromBody(byte[] body) => new(Parse(body), null);

    static void CheckContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
            throw new QuarryException(ErrorCode.InvalidParameter, "Bad Request. Content-Type header is missing (fix: send Content-Type: application/json).");
        var media = contentType.AsSpan();
        int semicolon = media.IndexOf(';');
        if (semicolon >= 0) media = media[..semicolon];
        if (!media.Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase))
            throw new QuarryException(ErrorCode.InvalidParameter, $"Bad Request. Content-Type must be one of ['application/json'] (got '{contentType}').");
    }

    static async ValueTask<byte[]> ReadBodyAsync(PipeReader reader, long maxBody, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length > maxBody)
            {
                reader.AdvanceTo(buffer.End);
                throw TooLarge(buffer.Length, maxBody);
            }
            if (result.IsCompleted)
            {
                var bytes = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return bytes;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    static QuarryException TooLarge(long size, long max) => max == MaxBatchBody
        ? new(ErrorCode.InvalidParameter, $"Batched logging API requests must be at most {max} bytes, got a request of size {size}.")
        : new(ErrorCode.InvalidParameter, $"The request body has {size} bytes, over the limit of {max} (fix: split the request).");

    static JsonDocument Parse(byte[] bytes)
    {
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty) return JsonDocument.Parse("{}");
        JsonDocument document;
        try { document = JsonDocument.Parse(bytes); }
        catch (JsonException e)
        {
            throw new QuarryException(ErrorCode.InvalidParameter, $"Malformed JSON request body: {e.Message} (fix: send a JSON object).");
        }
        // Older clients post their JSON double-encoded as a string; MLflow decodes it a second time.
        if (document.RootElement.ValueKind == JsonValueKind.String)
        {
            string inner = document.RootElement.GetString()!;
            document.Dispose();
            return Parse(System.Text.Encoding.UTF8.GetBytes(inner));
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            throw new QuarryException(ErrorCode.InvalidParameter, $"The request body must be a JSON object, not {kind} (fix: send {{\"field\": value, …}}).");
        }
        return document;
    }

    /// <summary>A string field (a JSON number gives its text); null when absent.</summary>
    public string? String(string name) => _query is null ? MlflowValues.GetString(Root, name) : First(name);

    /// <summary>A required string field: absent or empty is MLflow's "Missing value for required parameter".</summary>
    public string RequiredString(string name)
    {
        var value = String(name);
        return string.IsNullOrEmpty(value) ? throw MlflowErrors.MissingParameter(name) : value;
    }

    /// <summary>A field that must be present but may be empty (tag and param values).</summary>
    public string PresentString(string name) => String(name) ?? throw MlflowErrors.MissingParameter(name);

    /// <summary>The run id: <c>run_id</c>, else the deprecated <c>run_uuid</c>; required.</summary>
    public string RunId()
    {
        var id = String("run_id");
        if (string.IsNullOrEmpty(id)) id = String("run_uuid");
        return string.IsNullOrEmpty(id) ? throw MlflowErrors.MissingParameter("run_id") : id;
    }

    /// <summary>An int64 field (number or numeric string); null when absent.</summary>
    public long? Int64(string name)
    {
        if (_query is null) return MlflowValues.GetInt64(Root, name);
        var text = First(name);
        return text is null ? null : MlflowValues.ParseInt64(text) ?? throw MlflowErrors.InvalidValue(name, text, "str");
    }

    /// <summary>A required int64 field.</summary>
    public long RequiredInt64(string name) => Int64(name) ?? throw MlflowErrors.MissingParameter(name);

    /// <summary>An int32 field in [<paramref name="min"/>, <paramref name="max"/>]; null when absent.</summary>
    public int? Int32(string name, int min, int max)
    {
        if (Int64(name) is not { } value) return null;
        return value >= min && value <= max ? (int)value
            : throw new QuarryException(ErrorCode.InvalidParameter,
                $"Invalid value {value} for parameter '{name}' supplied. It must be at most {max} and at least {min}.");
    }

    /// <summary>A required double field (number, numeric string, NaN / Infinity / -Infinity).</summary>
    public double RequiredDouble(string name)
    {
        if (_query is null) return MlflowValues.GetDouble(Root, name) ?? throw MlflowErrors.MissingParameter(name);
        var text = First(name) ?? throw MlflowErrors.MissingParameter(name);
        return MlflowValues.ParseDouble(text) ?? throw MlflowErrors.InvalidValue(name, text, "str");
    }

    /// <summary>A run status field (name or number); null when absent.</summary>
    public RunStatus? RunStatus(string name)
    {
        if (_query is null) return MlflowValues.GetRunStatus(Root, name);
        var text = First(name);
        return text is null ? null : MlflowEnums.TryParseRunStatus(text, out var s) ? s : throw MlflowErrors.InvalidValue(name, text, "str");
    }

    /// <summary>A view type field (name or number); <see cref="ViewType.ActiveOnly"/> when absent, as MLflow's default.</summary>
    public ViewType ViewType(string name)
    {
        if (_query is null) return MlflowValues.GetViewType(Root, name) ?? Tracking.ViewType.ActiveOnly;
        var text = First(name);
        return text is null ? Tracking.ViewType.ActiveOnly
            : MlflowEnums.TryParseViewType(text, out var v) ? v : throw MlflowErrors.InvalidValue(name, text, "str");
    }

    /// <summary>A boolean field: JSON <c>true</c> / <c>false</c>, or the text <c>true</c> / <c>false</c> (any case) in a query or a string; null when absent.</summary>
    public bool? Bool(string name)
    {
        if (_query is null)
        {
            if (!MlflowValues.TryGetField(Root, name, out var value)) return null;
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String when bool.TryParse(value.GetString(), out bool parsed) => parsed,
                _ => throw MlflowValues.Invalid(value, name),
            };
        }
        var text = First(name);
        return text is null ? null : bool.TryParse(text, out bool b) ? b : throw MlflowErrors.InvalidValue(name, text, "str");
    }

    /// <summary>A repeated string field: a JSON array (of strings or numbers), or the query keys <c>x</c>, <c>x[]</c>, <c>x[N]</c>.</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        if (_query is not null) return QueryList(name);
        if (!MlflowValues.TryGetField(Root, name, out var array)) return [];
        if (array.ValueKind != JsonValueKind.Array) throw MlflowValues.Invalid(array, name);
        var list = new List<string>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray()) list.Add(MlflowValues.AsString(item, name));
        return list;
    }

    /// <summary>A repeated message field of the JSON body, each item read by <paramref name="read"/>; empty when absent (and for a GET).</summary>
    public IReadOnlyList<T> Objects<T>(string name, Func<JsonElement, T> read) =>
        _query is null ? MlflowJsonReader.ReadList(Root, name, read) : [];

    string? First(string name)
    {
        var values = _query![name];
        return values.Count > 0 ? values[0] : null;
    }

    List<string> QueryList(string name)
    {
        var list = new List<string>();
        foreach (var (key, values) in _query!)
        {
            if (key == name || (key.Length > name.Length + 1 && key.StartsWith(name, StringComparison.Ordinal)
                && key[name.Length] == '[' && key[^1] == ']' && IsIndex(key.AsSpan(name.Length + 1, key.Length - name.Length - 2))))
                AddAll(list, values);
        }
        return list;
    }

    static bool IsIndex(ReadOnlySpan<char> inside)
    {
        foreach (char c in inside) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    static void AddAll(List<string> list, StringValues values)
    {
        foreach (var v in values) if (v is not null) list.Add(v);
    }

    /// <summary>Releases the parsed body.</summary>
    public void Dispose() => _body?.Dispose();
}
