using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Quarry.Server.Mlflow;
using Quarry.Tracking.Artifacts;

namespace Quarry.Server.Artifacts;

/// <summary>How artifact endpoints answer: a streamed file download or a file listing.</summary>
internal static class ArtifactResponses
{
    /// <summary>
    /// Streams the artifact at <paramref name="path"/> (store-relative) as an attachment, with a Content-Type from its
    /// name, <c>X-Content-Type-Options: nosniff</c>, and HTTP Range support (206 with Content-Range). The file is never
    /// buffered: the response copies from the open stream in 64 KiB chunks.
    /// </summary>
    public static async Task SendFileAsync(HttpContext context, IArtifactStore store, string path)
    {
        var content = await store.OpenReadAsync(path, context.RequestAborted).ConfigureAwait(false);
        string name = ArtifactPath.Name(ArtifactPath.Validate(path));
        context.Response.Headers.XContentTypeOptions = "nosniff";
        // FileStreamHttpResult disposes the stream once the response is written.
        var result = Results.File(content.Content, ArtifactContentTypes.For(name), fileDownloadName: name,
            lastModified: content.LastModified, enableRangeProcessing: true);
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <c>{"root_uri"?, "files": [{path, is_dir, file_size?}]}</c>, each path made relative by
    /// <paramref name="display"/>; <c>files</c> is omitted when empty, as MLflow omits empty fields.
    /// </summary>
    public static async Task WriteFilesAsync(HttpContext context, IReadOnlyList<ArtifactFileInfo> files, Func<string, string> display,
        string? rootUri = null)
    {
        await using var json = MlflowResponse.Json(context);
        json.WriteStartObject();
        if (rootUri is not null) json.WriteString("root_uri", rootUri);
        if (files.Count > 0)
        {
            json.WriteStartArray("files");
            foreach (var file in files)
            {
                json.WriteStartObject();
                json.WriteString("path", display(file.Path));
                json.WriteBoolean("is_dir", file.IsDir);
                if (file.FileSize is { } size) json.WriteNumber("file_size", size);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }
}
