using System.Text.Json;
using Quarry.Core;
using Quarry.Tracking.Rest;
using static Quarry.Tracking.Tests.Support.JsonText;

namespace Quarry.Tracking.Tests.Rest;

public class MlflowJsonTests
{
    static readonly RunInfo Info = new("0123456789abcdef0123456789abcdef", "sma-10-30", "7", "", RunStatus.Finished,
        1718000000000, null, "mlflow-artifacts:/7/0123456789abcdef0123456789abcdef/artifacts", LifecycleStage.Active);

    [Fact]
    public void Run_is_written_as_MLflow_does_with_int64_numbers_enum_names_and_empty_fields_omitted()
    {
        var run = new Run(Info, new RunData([new Metric("sharpe", 1.25, 1718000000001, 0)], [new Param("fast", "10")], []));
        string json = Write(w => MlflowJsonWriter.WriteRun(w, run));
        Assert.Equal(Q(
            "{'info':{'run_id':'0123456789abcdef0123456789abcdef','run_uuid':'0123456789abcdef0123456789abcdef','run_name':'sma-10-30'," +
            "'experiment_id':'7','status':'FINISHED','start_time':1718000000000," +
            "'artifact_uri':'mlflow-artifacts:/7/0123456789abcdef0123456789abcdef/artifacts','lifecycle_stage':'active'}," +
            "'data':{'metrics':[{'key':'sharpe','value':1.25,'timestamp':1718000000001,'step':0}],'params':[{'key':'fast','value':'10'}]}," +
            "'inputs':{}}"), json);
    }

    [Fact]
    public void Experiment_is_written_with_tags_and_times()
    {
        var e = new Experiment("3", "alpha", "mlflow-artifacts:/3", LifecycleStage.Deleted, 10, 20, new Dictionary<string, string> { ["team"] = "quant" });
        Assert.Equal(Q(
            "{'experiment_id':'3','name':'alpha','artifact_location':'mlflow-artifacts:/3','lifecycle_stage':'deleted'," +
            "'last_update_time':20,'creation_time':10,'tags':[{'key':'team','value':'quant'}]}"),
            Write(w => MlflowJsonWriter.WriteExperiment(w, e)));
        Assert.Equal(e with { Tags = e.Tags }, MlflowJsonReader.ReadExperiment(Parse(Write(w => MlflowJsonWriter.WriteExperiment(w, e)))) with { Tags = e.Tags });
        Assert.Equal("quant", MlflowJsonReader.ReadExperiment(Parse(Write(w => MlflowJsonWriter.WriteExperiment(w, e)))).Tags["team"]);
    }

    [Theory]
    [InlineData(double.NaN, "\"NaN\"")]
    [InlineData(double.PositiveInfinity, "\"Infinity\"")]
    [InlineData(double.NegativeInfinity, "\"-Infinity\"")]
    [InlineData(-0.2, "-0.2")]
    [InlineData(1e-300, "1E-300")]
    public void Non_finite_doubles_are_strings_and_round_trip(double value, string expected)
    {
        string json = Write(w => MlflowJsonWriter.WriteMetric(w, new Metric("m", value, 5, 2)));
        Assert.Equal($$"""{"key":"m","value":{{expected}},"timestamp":5,"step":2}""", json);
        Assert.Equal(new Metric("m", value, 5, 2), MlflowJsonReader.ReadMetric(Parse(json)));
    }

    [Fact]
    public void Pages_omit_empty_lists_and_absent_tokens()
    {
        Assert.Equal("{}", Write(w => MlflowJsonWriter.WriteRunsPage(w, new RunsPage([], null))));
        Assert.Equal("""{"next_page_token":"abc"}""", Write(w => MlflowJsonWriter.WriteExperimentsPage(w, new ExperimentsPage([], "abc"))));
        var page = MlflowJsonReader.ReadRunsPage(Parse("{}"));
        Assert.Empty(page.Runs);
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public void Reading_is_lenient_int64_strings_enum_numbers_run_uuid_missing_lists_unknown_fields()
    {
        var run = MlflowJsonReader.ReadRun(Parse("""
            {"info": {"run_uuid": "abc", "experiment_id": 7, "status": 3, "start_time": "1718000000000", "end_time": "12",
                      "future_field": {"x": 1}},
             "data": {"metrics": [{"key": "m", "value": "-Infinity", "timestamp": "5"}]},
             "outputs": {}}
            """));
        Assert.Equal("abc", run.Info.RunId);
        Assert.Equal("7", run.Info.ExperimentId);
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Equal(1718000000000, run.Info.StartTime);
        Assert.Equal(12, run.Info.EndTime);
        Assert.Equal(LifecycleStage.Active, run.Info.LifecycleStage);
        Assert.Equal([new Metric("m", double.NegativeInfinity, 5, 0)], run.Data.LatestMetrics);
        Assert.Empty(run.Data.Params);
        Assert.Empty(run.Data.Tags);
        Assert.Equal(RunStatus.Killed, MlflowJsonReader.ReadRunInfo(Parse("""{"status": "KILLED"}""")).Status);
        Assert.Equal(new Param("p", ""), MlflowJsonReader.ReadParam(Parse("""{"key": "p"}""")));
    }

    [Fact]
    public void Written_run_reads_back_equal()
    {
        var run = new Run(Info with { EndTime = 99, UserId = "alice" }, new RunData(
            [new Metric("a", double.NaN, 1, 3), new Metric("b", 2.5, 2, 0)], [new Param("p", "1")], [new RunTag("mlflow.runName", "sma-10-30")]));
        var back = MlflowJsonReader.ReadRun(Parse(Write(w => MlflowJsonWriter.WriteRun(w, run))));
        Assert.Equal(run.Info, back.Info);
        Assert.Equal(run.Data.LatestMetrics, back.Data.LatestMetrics);
        Assert.Equal(run.Data.Params, back.Data.Params);
        Assert.Equal(run.Data.Tags, back.Data.Tags);
    }

    [Fact]
    public void Run_inputs_are_dataset_inputs_and_read_back_equal()
    {
        var input = new RunInput(new Dataset("prices", "d1", "local", "{}", null, "{'rows': 5}"), [new RunTag("mlflow.data.context", "train")]);
        var run = new Run(Info, new RunData([], [], [])) { Inputs = [input] };
        string json = Write(w => MlflowJsonWriter.WriteRun(w, run));
        Assert.EndsWith(Q("'inputs':{'dataset_inputs':[{'tags':[{'key':'mlflow.data.context','value':'train'}]," +
            "'dataset':{'name':'prices','digest':'d1','source_type':'local','source':'{}','profile':'{\\u0027rows\\u0027: 5}'}}]}}"), json);
        var back = MlflowJsonReader.ReadRun(Parse(json)).Inputs;
        Assert.Equal(input.Dataset, Assert.Single(back).Dataset);
        Assert.Equal(input.Tags, back[0].Tags);
    }

    [Theory]
    [InlineData("""{"key": "m", "value": true, "timestamp": 1}""", "Invalid value true for parameter 'value' supplied. Hint: Value was of type 'bool'")]
    [InlineData("""{"key": "m", "value": 1, "timestamp": "soon"}""", "Invalid value soon for parameter 'timestamp' supplied. Hint: Value was of type 'str'")]
    [InlineData("""{"key": "m", "value": 1, "timestamp": 1.5}""", "Invalid value 1.5 for parameter 'timestamp' supplied. Hint: Value was of type 'float'")]
    [InlineData("""{"value": 1, "timestamp": 1}""", "Missing value for required parameter 'key'.")]
    [InlineData("""{"key": "m", "timestamp": 1}""", "Missing value for required parameter 'value'.")]
    public void Wrong_types_and_missing_fields_are_MLflow_errors(string json, string message)
    {
        var e = Assert.Throws<QuarryException>(() => MlflowJsonReader.ReadMetric(Parse(json)));
        Assert.Equal(ErrorCode.InvalidParameter, e.Code);
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metric_field_given_twice_takes_the_last_and_null_is_absent()
    {
        var metric = MlflowJsonReader.ReadMetric(Parse("""{"key": "a", "value": 1, "key": "b", "timestamp": 2, "step": 7, "step": null, "model_id": null}"""));
        Assert.Equal(new Metric("b", 1, 2, 0), metric);
        Assert.Null(metric.ModelId);
        var e = Assert.Throws<QuarryException>(() => MlflowJsonReader.ReadMetric(Parse("""{"key": "a", "key": null, "value": 1, "timestamp": 2}""")));
        Assert.StartsWith("Missing value for required parameter 'key'.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_codes_map_both_ways()
    {
        Assert.Equal(("RESOURCE_ALREADY_EXISTS", 400), MlflowErrors.ToMlflow(ErrorCode.AlreadyExists));
        Assert.Equal(("RESOURCE_DOES_NOT_EXIST", 404), MlflowErrors.ToMlflow(ErrorCode.NotFound));
        Assert.Equal(("INVALID_PARAMETER_VALUE", 400), MlflowErrors.ToMlflow(ErrorCode.InvalidState));
        Assert.Equal(ErrorCode.InvalidState, MlflowErrors.FromMlflow("INVALID_PARAMETER_VALUE", "InvalidState"));
        Assert.Equal(ErrorCode.InvalidParameter, MlflowErrors.FromMlflow("INVALID_PARAMETER_VALUE", "NoSuchCode"));
        Assert.Equal(ErrorCode.NotFound, MlflowErrors.FromMlflow("RESOURCE_DOES_NOT_EXIST", null));
        Assert.Equal(ErrorCode.AlreadyExists, MlflowErrors.FromMlflow("RESOURCE_ALREADY_EXISTS", null));
        Assert.Equal(503, MlflowErrors.HttpStatus("TEMPORARILY_UNAVAILABLE"));
        Assert.Equal(500, MlflowErrors.HttpStatus("SOMETHING_NEW"));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", MlflowErrors.CodeName(3002));
    }
}
