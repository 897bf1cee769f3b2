using System.Net.Sockets;
using System.Text;

namespace Quarry.Server.Tests.Support;

/// <summary>
/// Sends one HTTP/1.1 request with the target exactly as written (HttpClient's <see cref="Uri"/> would remove
/// <c>..</c> segments before sending, so traversal attempts need a raw socket).
/// </summary>
public static class RawHttp
{
    public sealed record Response(int Status, string Head, string Body);

    public static async Task<Response> SendAsync(Uri server, string method, string target, byte[]? body = null, string? headers = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        var request = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(server.Authority).Append("\r\n")
            .Append("Connection: close\r\n")
            .Append("Content-Length: ").Append(body?.Length ?? 0).Append("\r\n")
            .Append(headers ?? "")
            .Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        if (body is not null) await stream.WriteAsync(body);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string text = await reader.ReadToEndAsync();
        int split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        string head = split < 0 ? text : text[..split];
        int status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return new Response(status, head, split < 0 ? "" : text[(split + 4)..]);
    }
}
