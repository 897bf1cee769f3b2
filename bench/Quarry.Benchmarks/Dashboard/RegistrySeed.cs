using System.Diagnostics;
using System.Globalization;
using Quarry.Core;
using Quarry.Tracking.Registry;

namespace Quarry.Benchmarks.Dashboard;

/// <summary>
/// The dashboard benchmark's model registry, written through the registry store next to <see cref="DashboardSeed"/>'s
/// runs: <see cref="Models"/> models × <see cref="Versions"/> versions, each version from one of the lab's runs; per
/// model the newest version is in Production, the one before in Staging, the first half Archived (each move recorded
/// in the transition history), aliases <c>champion</c> and <c>challenger</c>, a description and a team tag.
/// </summary>
internal static class RegistrySeed
{
    public const int Models = 200, Versions = 20;

    /// <summary>The name of model <paramref name="i"/>: <c>bench-model-007</c>.</summary>
    public static string Name(int i) => "bench-model-" + i.ToString("000", CultureInfo.InvariantCulture);

    /// <summary>Seeds the registry unless its last model is already complete (a cached SQLite file).</summary>
    public static async Task EnsureAsync(IModelRegistryStore registry, IReadOnlyList<string> runIds, TextWriter log)
    {
        try
        {
            var last = await registry.GetRegisteredModelAsync(Name(Models - 1)).ConfigureAwait(false);
            if (last.Aliases.ContainsKey("challenger")) return;
            throw new InvalidOperationException($"The cached registry is incomplete ({Name(Models - 1)} has no alias 'challenger'); delete bench/.cache and rerun.");
        }
        catch (QuarryException e) when (e.Code == ErrorCode.NotFound) { }
        var clock = Stopwatch.StartNew();
        int next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < Models;)
                await ModelAsync(registry, i, runIds).ConfigureAwait(false);
        }))).ConfigureAwait(false);
        log.WriteLine($"  seeded {Models} registered models × {Versions} versions in {clock.Elapsed.TotalSeconds:F0} s");
    }

    static async Task ModelAsync(IModelRegistryStore registry, int i, IReadOnlyList<string> runIds)
    {
        string name = Name(i);
        await registry.CreateRegisteredModelAsync(name, new Dictionary<string, string> { ["team"] = $"team-{i % 4}" },
            $"Benchmark model {i}: ranks the universe by expected return", "bench").ConfigureAwait(false);
        for (int v = 0; v < Versions; v++)
        {
            string run = runIds[(i + v) % runIds.Count];
            await registry.CreateModelVersionAsync(name, $"runs:/{run}/model", run, userId: "bench").ConfigureAwait(false);
        }
        for (int v = 1; v <= Versions / 2; v++)
            await registry.TransitionStageAsync(name, V(v), ModelStage.Archived, false, "bench").ConfigureAwait(false);
        await registry.TransitionStageAsync(name, V(Versions - 1), ModelStage.Staging, false, "bench").ConfigureAwait(false);
        await registry.TransitionStageAsync(name, V(Versions), ModelStage.Production, true, "bench").ConfigureAwait(false);
        await registry.SetAliasAsync(name, "champion", V(Versions)).ConfigureAwait(false);
        await registry.SetAliasAsync(name, "challenger", V(Versions - 1)).ConfigureAwait(false);
    }

    static string V(int version) => version.ToString(CultureInfo.InvariantCulture);
}
