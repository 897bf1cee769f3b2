using System.Globalization;
using System.Text.Json;
using Quarry.Tracking.Registry;
using Spectre.Console;

namespace Quarry.Cli.Tracking;

/// <summary>Tables and JSON for `quarry models` (JSON in MLflow's field names).</summary>
internal static class ModelsOutput
{
    public static void ModelsTable(IReadOnlyList<RegisteredModel> models)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("name", "latest versions", "aliases", "description", "updated");
        foreach (var m in models)
            table.AddRow(Markup.Escape(m.Name), Markup.Escape(Latest(m)), Markup.Escape(Aliases(m.Aliases)),
                Markup.Escape(m.Description ?? ""), Time(m.LastUpdatedTimestamp));
        AnsiConsole.Write(table);
        Console.WriteLine($"{models.Count} model(s)");
    }

    public static void ModelTables(RegisteredModel model, IReadOnlyList<ModelVersion> versions)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(model.Name)}[/]{(model.Description is { Length: > 0 } d ? " — " + Markup.Escape(d) : "")}");
        if (model.Tags.Count > 0) Console.WriteLine("tags: " + string.Join(", ", model.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")));
        var table = new Table().Border(TableBorder.Rounded).AddColumns("version", "stage", "status", "aliases", "run_id", "source", "created");
        foreach (var v in versions)
            table.AddRow(v.Version, Stage(v.CurrentStage), Status(v.Status), Markup.Escape(string.Join(", ", v.Aliases)),
                v.RunId ?? "—", Markup.Escape(v.Source), Time(v.CreationTimestamp));
        AnsiConsole.Write(table);
    }

    public static void HistoryTable(IReadOnlyList<StageTransition> history)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("when", "version", "from", "to", "user");
        foreach (var t in history)
            table.AddRow(Time(t.Timestamp), t.Version, ModelStages.Name(t.FromStage), Stage(t.ToStage), Markup.Escape(t.UserId ?? ""));
        AnsiConsole.Write(table);
    }

    public static void ModelsJson(Utf8JsonWriter w, IReadOnlyList<RegisteredModel> models)
    {
        w.WriteStartObject();
        w.WriteStartArray("registered_models");
        foreach (var m in models) Model(w, m);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void ModelJson(Utf8JsonWriter w, RegisteredModel model, IReadOnlyList<ModelVersion> versions)
    {
        w.WriteStartObject();
        w.WritePropertyName("registered_model");
        Model(w, model);
        w.WriteStartArray("model_versions");
        foreach (var v in versions) Version(w, v);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void HistoryJson(Utf8JsonWriter w, IReadOnlyList<StageTransition> history)
    {
        w.WriteStartObject();
        w.WriteStartArray("transitions");
        foreach (var t in history)
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteString("version", t.Version);
            w.WriteString("from_stage", ModelStages.Name(t.FromStage));
            w.WriteString("to_stage", ModelStages.Name(t.ToStage));
            w.WriteNumber("timestamp", t.Timestamp);
            if (t.UserId is { } user) w.WriteString("user_id", user);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void Model(Utf8JsonWriter w, RegisteredModel m)
    {
        w.WriteStartObject();
        w.WriteString("name", m.Name);
        w.WriteNumber("creation_timestamp", m.CreationTimestamp);
        w.WriteNumber("last_updated_timestamp", m.LastUpdatedTimestamp);
        if (m.Description is { } d) w.WriteString("description", d);
        w.WriteStartArray("latest_versions");
        foreach (var v in m.LatestVersions) Version(w, v);
        w.WriteEndArray();
        Pairs(w, "tags", m.Tags);
        Pairs(w, "aliases", m.Aliases);
        w.WriteEndObject();
    }

    static void Version(Utf8JsonWriter w, ModelVersion v)
    {
        w.WriteStartObject();
        w.WriteString("name", v.Name);
        w.WriteString("version", v.Version);
        w.WriteString("current_stage", ModelStages.Name(v.CurrentStage));
        w.WriteString("status", Status(v.Status));
        w.WriteString("source", v.Source);
        if (v.RunId is { } run) w.WriteString("run_id", run);
        if (v.Description is { } d) w.WriteString("description", d);
        w.WriteNumber("creation_timestamp", v.CreationTimestamp);
        w.WriteNumber("last_updated_timestamp", v.LastUpdatedTimestamp);
        w.WriteStartArray("aliases");
        foreach (var a in v.Aliases) w.WriteStringValue(a);
        w.WriteEndArray();
        Pairs(w, "tags", v.Tags);
        w.WriteEndObject();
    }

    static void Pairs(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> pairs)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in pairs.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteString(key, value);
        w.WriteEndObject();
    }

    static string Latest(RegisteredModel m) =>
        m.LatestVersions.Count == 0 ? "—" : string.Join(", ", m.LatestVersions.Select(v => $"{ModelStages.Name(v.CurrentStage)}: v{v.Version}"));

    static string Aliases(IReadOnlyDictionary<string, string> aliases) =>
        aliases.Count == 0 ? "—" : string.Join(", ", aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} → v{a.Value}"));

    static string Stage(ModelStage stage) => stage switch
    {
        ModelStage.Production => "[green]Production[/]",
        ModelStage.Staging => "[yellow]Staging[/]",
        ModelStage.Archived => "[grey]Archived[/]",
        _ => "None",
    };

    static string Status(ModelVersionStatus status) => status switch
    {
        ModelVersionStatus.PendingRegistration => "PENDING_REGISTRATION",
        ModelVersionStatus.FailedRegistration => "FAILED_REGISTRATION",
        _ => "READY",
    };

    static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
