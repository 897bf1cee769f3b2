using System.Text;
using Microsoft.AspNetCore.Http;
using Quarry.Core;
using Quarry.Server.Mlflow;

namespace Quarry.Server.Tests.Mlflow;

/// <summary>Request reading on real HttpContexts: DELETE bodies (the registry's deletes), GET query forms, content types.</summary>
public class MlflowRequestTests
{
    static DefaultHttpContext Context(string method, string? body, string? contentType = "application/json", string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.QueryString = new QueryString(query);
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
        }
        context.Request.ContentType = contentType;
        return context;
    }

    [Fact]
    public async Task DELETE_reads_its_JSON_body()
    {
        using var request = await MlflowRequest.ReadAsync(Context("DELETE", """{"name": "model", "version": 3}"""));
        Assert.Equal("model", request.RequiredString("name"));
        Assert.Equal(3, request.RequiredInt64("version"));
    }

    [Fact]
    public async Task DELETE_without_a_body_needs_no_content_type_but_POST_does()
    {
        using (var request = await MlflowRequest.ReadAsync(Context("DELETE", null, contentType: null)))
            Assert.Equal("Missing value for required parameter 'name'. See the API docs for more information about request parameters.",
                Assert.Throws<QuarryException>(() => request.RequiredString("name")).Message);
        var e = await Assert.ThrowsAsync<QuarryException>(async () => await MlflowRequest.ReadAsync(Context("POST", "{}", contentType: null)));
        Assert.Contains("Content-Type header is missing", e.Message, StringComparison.Ordinal);
        using var charset = await MlflowRequest.ReadAsync(Context("POST", """{"a": 1}""", "application/json; charset=utf-8"));
        Assert.Equal("1", charset.String("a"));
    }

    [Fact]
    public async Task GET_reads_scalars_and_lists_from_the_query()
    {
        using var request = await MlflowRequest.ReadAsync(Context("GET", null, null,
            "?experiment_ids=1&experiment_ids=2&experiment_ids[]=3&experiment_ids[7]=4&experiment_idsx=9&max_results=5&value=-Infinity&status=3"));
        Assert.Equal(["1", "2", "3", "4"], request.Strings("experiment_ids"));
        Assert.Equal(5, request.Int32("max_results", 1, 10));
        Assert.Equal(double.NegativeInfinity, request.RequiredDouble("value"));
        Assert.Equal(Quarry.Tracking.RunStatus.Finished, request.RunStatus("status"));
        Assert.Equal(Quarry.Tracking.ViewType.ActiveOnly, request.ViewType("view_type"));
        Assert.Contains("It must be at most 4 and at least 1", Assert.Throws<QuarryException>(() => request.Int32("max_results", 1, 4)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declared_body_over_the_limit_is_refused_before_reading()
    {
        var context = Context("POST", "{}");
        context.Request.ContentLength = MlflowRequest.MaxBatchBody + 1;
        var e = await Assert.ThrowsAsync<QuarryException>(async () => await MlflowRequest.ReadAsync(context, MlflowRequest.MaxBatchBody));
        Assert.Equal("Batched logging API requests must be at most 1000000 bytes, got a request of size 1000001.", e.Message);
    }
}
