using System.Globalization;
using Quarry.Core;
using Quarry.Optimization.Distributions;
using Quarry.Optimization.Internal;

namespace Quarry.Optimization.Samplers;

/// <summary>
/// Evaluates every point of a grid (the Cartesian product of each parameter's listed values), as Optuna's GridSampler:
/// at <see cref="BeforeTrial"/> a trial takes a grid point that no finished or running trial holds (trial number n &lt;
/// grid size takes point n; later trials pick a seeded-random unvisited point), stored in system attributes
/// <c>grid_id</c> and <c>search_space</c>; suggest calls then return that point's values, which must lie in the suggested
/// distributions (else InvalidParameter). Enqueued and retried trials keep their parameters. When every point is held,
/// a new trial re-evaluates a point that has not finished yet, so with several workers duplicates are possible (as
/// Optuna documents). <see cref="Study.Optimize"/> stops once <see cref="IsExhausted"/>. Thread-safe (stateless).
/// </summary>
public sealed class GridSampler : ISampler
{
    /// <summary>System attribute holding the trial's grid point index.</summary>
    public const string GridIdKey = "grid_id";

    /// <summary>System attribute holding the grid (JSON), so trials of another grid are not counted.</summary>
    public const string SearchSpaceKey = "search_space";

    readonly string[] _names;
    readonly object[][] _values;
    readonly string _spaceJson;
    readonly ulong _seed;

    /// <summary>
    /// Creates the sampler. Each parameter lists its values (numbers or strings, no NaN, at least one); points are
    /// ordered as itertools.product over the parameter names sorted ordinally. A null <paramref name="seed"/> is random.
    /// </summary>
    public GridSampler(IReadOnlyDictionary<string, IReadOnlyList<object>> grid, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Count == 0) throw new QuarryException(ErrorCode.InvalidParameter, "The grid is empty: give at least one parameter with its values.");
        _names = [.. grid.Keys.Order(StringComparer.Ordinal)];
        _values = new object[_names.Length][];
        long size = 1;
        for (int i = 0; i < _names.Length; i++)
        {
            var values = grid[_names[i]];
            if (values is null || values.Count == 0)
                throw new QuarryException(ErrorCode.InvalidParameter, $"Grid parameter '{_names[i]}' has no values; list at least one.");
            foreach (var v in values)
                if (v is not (string or long or int or short or byte or float or decimal) && !(v is double d && !double.IsNaN(d)))
                    throw new QuarryException(ErrorCode.InvalidParameter, $"Grid parameter '{_names[i]}' has value {v ?? "null"}: grid values must be numbers (not NaN) or strings.");
            _values[i] = [.. values];
            size *= values.Count;
            if (size > int.MaxValue) throw new QuarryException(ErrorCode.InvalidParameter, $"The grid has more than {int.MaxValue} points; make it coarser.");
        }
        Size = (int)size;
        _spaceJson = JsonText.Serialize(new SortedDictionary<string, object[]>(_names.Zip(_values).ToDictionary(p => p.First, p => p.Second), StringComparer.Ordinal));
        _seed = seed is { } s ? (ulong)(uint)s : BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
    }

    /// <summary>Number of grid points.</summary>
    public int Size { get; }

    /// <summary>The parameter values of grid point <paramref name="gridId"/> (0 ≤ id &lt; <see cref="Size"/>), by name.</summary>
    public IReadOnlyDictionary<string, object> Point(int gridId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gridId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(gridId, Size);
        var point = new Dictionary<string, object>(_names.Length, StringComparer.Ordinal);
        for (int i = _names.Length - 1; i >= 0; i--)
        {
            point[_names[i]] = _values[i][gridId % _values[i].Length];
            gridId /= _values[i].Length;
        }
        return point;
    }

    /// <inheritdoc />
    public void BeforeTrial(IStudyView study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.SystemAttributes.ContainsKey(GridIdKey) || trial.SystemAttributes.ContainsKey(FrozenTrial.FixedParamsKey)) return;
        int gridId;
        if (trial.Number < Size) gridId = trial.Number;
        else
        {
            var targets = Unvisited(study);
            if (targets.Count == 0) targets = [.. Enumerable.Range(0, Size)];
            gridId = targets[(int)RandomSampler.Below(RandomSampler.Bits(_seed, trial.Number, GridIdKey), targets.Count)];
        }
        study.SetTrialSystemAttribute(trial.TrialId, SearchSpaceKey, _spaceJson);
        study.SetTrialSystemAttribute(trial.TrialId, GridIdKey, gridId.ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(distribution);
        if (!trial.SystemAttributes.TryGetValue(GridIdKey, out var idJson))
            throw new QuarryException(ErrorCode.InvalidParameter,
                $"Trial {trial.Number} has no grid point: with GridSampler, an enqueued trial must fix every parameter (missing '{name}').");
        int index = Array.IndexOf(_names, name);
        if (index < 0)
            throw new QuarryException(ErrorCode.InvalidParameter, $"Parameter '{name}' is not in the grid (grid: {string.Join(", ", _names)}); add it to the grid.");
        var value = Point(int.Parse(idJson, CultureInfo.InvariantCulture))[name];
        try { return distribution.ToInternal(value); }
        catch (QuarryException e)
        {
            throw new QuarryException(ErrorCode.InvalidParameter, $"Grid value {value} of parameter '{name}' is outside the suggested {distribution}; fix the grid or the suggest range.", e);
        }
    }

    /// <summary>True when every grid point has been evaluated by a finished trial (Complete, Pruned or Fail) of this grid.</summary>
    public bool IsExhausted(IStudyView study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var visited = new bool[Size];
        int count = 0;
        foreach (var t in study.GetTrials())
            if (t.IsFinished && GridId(t) is { } id && !visited[id]) { visited[id] = true; count++; }
        return count == Size;
    }

    int? GridId(FrozenTrial t)
    {
        if (!t.SystemAttributes.TryGetValue(GridIdKey, out var idJson)) return null;
        if (!t.SystemAttributes.TryGetValue(SearchSpaceKey, out var space) || space != _spaceJson) return null;
        int id = int.Parse(idJson, CultureInfo.InvariantCulture);
        return id >= 0 && id < Size ? id : null;
    }

    /// <summary>Points neither finished nor running; when every point is running, the points not finished.</summary>
    List<int> Unvisited(IStudyView study)
    {
        var finished = new bool[Size];
        var running = new bool[Size];
        foreach (var t in study.GetTrials())
        {
            if (GridId(t) is not { } id) continue;
            if (t.IsFinished) finished[id] = true;
            else if (t.State == TrialState.Running) running[id] = true;
        }
        var result = new List<int>();
        for (int i = 0; i < Size; i++) if (!finished[i] && !running[i]) result.Add(i);
        if (result.Count == 0)
            for (int i = 0; i < Size; i++) if (!finished[i]) result.Add(i);
        return result;
    }
}
