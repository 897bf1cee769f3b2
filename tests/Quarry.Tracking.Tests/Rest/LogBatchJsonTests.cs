using System.Text;
using System.Text.Json;
using Quarry.Core;
using Quarry.Tracking.Rest;
using static Quarry.Tracking.Tests.Support.JsonText;

namespace Quarry.Tracking.Tests.Rest;

public class LogBatchJsonTests
{
    // What MLflow's Python client, the npm mlflow package and mlflow-go's k6 script send, and variations within the shape
    // the forward reader takes: each must be read, and read as MlflowJsonReader reads it.
    public static TheoryData<string> Accepted => new()
    {
        Q("{'run_id':'r1','metrics':[{'key':'loss','value':0.25,'timestamp':1718000000000,'step':3}],'params':[{'key':'lr','value':'0.1'}],'tags':[{'key':'mlflow.note','value':'x'}]}"),
        Q("{'run_id':'r1','metrics':[{'key':'m','value':-1.5E-7,'timestamp':5}]}"),
        Q("{'run_uuid':'r2','params':[{'key':'p','value':''},{'key':'q'}]}"),
        Q("{'run_id':'','run_uuid':'r2','tags':[]}"),
        Q("{'metrics':[{'step':1,'timestamp':2,'value':3,'key':'k','model_id':'m-1'}],'run_id':'r3'}"),
        Q("{'run_id':'r1','metrics':[{'key':'m','value':1,'timestamp':2,'model_id':''}]}"),
        Q("{'run_id':'r1','extra':{'nested':[1,{'a':null}]},'metrics':[{'key':'m','value':1,'timestamp':2,'note':[true]}]}"),
        "{\"run_id\":\"r1\",\"params\":[{\"key\":\"caf\\u00e9 \\\"q\\\"\",\"value\":\"line\\nbreak \\ud83d\\ude00\"}]}",
        " \r\n{ \"run_id\" : \"r1\" , \"metrics\" : [ { \"key\" : \"m\" , \"value\" : 1e3 , \"timestamp\" : -4 } ] } \n",
        Q("{'run_id':'r1','metrics':[{'key':'over','value':1e400,'timestamp':1},{'key':'under','value':-1e400,'timestamp':1}]}"),
        Q("{'run_id':'r1','metrics':[{'key':'big','value':1.7976931348623157E308,'timestamp':9223372036854775807,'step':-9223372036854775808}]}"),
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Reads_the_common_shape_as_the_lenient_reader_does(string body)
    {
        var fast = LogBatchJson.TryRead(Encoding.UTF8.GetBytes(body));
        Assert.NotNull(fast);
        AssertSame(Lenient(body), fast);
    }

    [Fact]
    public void Reads_every_field_of_a_full_batch()
    {
        var batch = LogBatchJson.TryRead(Encoding.UTF8.GetBytes(Q(
            "{'run_id':'r1','metrics':[{'key':'loss','value':0.25,'timestamp':17,'step':3},{'key':'acc','value':2,'timestamp':18}]," +
            "'params':[{'key':'lr','value':'0.1'}],'tags':[{'key':'t','value':'v'}]}")));
        Assert.NotNull(batch);
        Assert.Equal("r1", batch.RunId);
        Assert.Equal([new Metric("loss", 0.25, 17, 3), new Metric("acc", 2, 18, 0)], batch.Metrics);
        Assert.Equal([new Param("lr", "0.1")], batch.Params);
        Assert.Equal([new RunTag("t", "v")], batch.Tags);
    }

    // Everything outside the common shape goes to MlflowJsonReader, whose lenient reading or error is the answer.
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[]")]
    [InlineData("\"{\\\"run_id\\\":\\\"r1\\\"}\"")]
    [InlineData("{'run_id':'r1','metrics':[{'key':'m','value':'NaN','timestamp':1}]}")]
    [InlineData("{'run_id':'r1','metrics':[{'key':'m','value':'1.5','timestamp':1}]}")]
    [InlineData("{'run_id':'r1','metrics':[{'key':'m','value':1,'timestamp':'17'}]}")]
    [InlineData("{'run_id':'r1','metrics':[{'key':'m','value':1,'timestamp':1.5}]}")]
    [InlineData("{'run_id':'r1','metrics':[{'key':'m','value':1,'timestamp':1,'step':null}]}")]
    [InlineData("{'run_id':'r1','metrics':[{'key':'m','timestamp':1}]}")]
    [InlineData("{'run_id':'r1','metrics':[{'key':'','value':1,'timestamp':1}]}")]
    [InlineData("{'run_id':'r1','metrics':[{'key':7,'value':1,'timestamp':1}]}")]
    [InlineData("{'run_id':'r1','metrics':[{'key':'m','key':'n','value':1,'timestamp':1}]}")]
    [InlineData("{'run_id':'r1','metrics':[[]]}")]
    [InlineData("{'run_id':'r1','metrics':{}}")]
    [InlineData("{'run_id':'r1','metrics':null}")]
    [InlineData("{'run_id':'r1','params':[{'key':'p','value':5}]}")]
    [InlineData("{'run_id':'r1','params':[{'value':'v'}]}")]
    [InlineData("{'run_id':'r1','tags':[{'key':'t','value':null}]}")]
    [InlineData("{'run_id':'r1','run_id':'r2'}")]
    [InlineData("{'run_id':'r1','tags':[],'tags':[]}")]
    [InlineData("{'run_id':12345}")]
    [InlineData("{'metrics':[]}")]
    [InlineData("{'run_id':'r1'} {}")]
    [InlineData("{'run_id':'r1',}")]
    [InlineData("{'run_id':'r1' /* c */}")]
    [InlineData("{'run_id':'r1','metrics':[{'key':'m','value':1,'timestamp':1}]")]
    public void Declines_what_only_the_lenient_reader_reads_or_rejects(string body)
    {
        Assert.Null(LogBatchJson.TryRead(Encoding.UTF8.GetBytes(Q(body))));
    }

    [Fact]
    public void Declines_invalid_UTF8_in_a_string()
    {
        byte[] body = [.. "{\"run_id\":\"r"u8, 0xC3, 0x28, .. "\"}"u8];
        Assert.Null(LogBatchJson.TryRead(body));
    }

    [Fact]
    public void Declines_nesting_deeper_than_the_document_reader_allows()
    {
        string deep = new string('[', 70) + new string(']', 70);
        Assert.Null(LogBatchJson.TryRead(Encoding.UTF8.GetBytes($"{{\"run_id\":\"r1\",\"x\":{deep}}}")));
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse($"{{\"run_id\":\"r1\",\"x\":{deep}}}"));
    }

    // The reading of runs/log-batch before LogBatchJson (Quarry.Server's MlflowRunsApi): run_id, else run_uuid, then the lists.
    static LogBatchBody Lenient(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        string? id = MlflowValues.GetString(root, "run_id");
        if (string.IsNullOrEmpty(id)) id = MlflowValues.GetString(root, "run_uuid");
        Assert.False(string.IsNullOrEmpty(id));
        return new LogBatchBody(id, MlflowJsonReader.ReadList(root, "metrics", MlflowJsonReader.ReadMetric),
            MlflowJsonReader.ReadList(root, "params", MlflowJsonReader.ReadParam), MlflowJsonReader.ReadList(root, "tags", MlflowJsonReader.ReadRunTag));
    }

    static void AssertSame(LogBatchBody expected, LogBatchBody actual)
    {
        Assert.Equal(expected.RunId, actual.RunId);
        Assert.Equal(expected.Metrics, actual.Metrics);
        Assert.Equal(expected.Params, actual.Params);
        Assert.Equal(expected.Tags, actual.Tags);
    }
}
