using System.Text;
using System.Text.Json;

namespace Quarry.Tracking.Tests.Support;

/// <summary>JSON as text for codec tests: what a writer produces, readable single-quoted expectations, parsed elements.</summary>
internal static class JsonText
{
    /// <summary>The UTF-8 text <paramref name="write"/> produces.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>JSON written with single quotes for readability.</summary>
    public static string Q(string json) => json.Replace('\'', '"');

    /// <summary>The root element of <paramref name="json"/>.</summary>
    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
