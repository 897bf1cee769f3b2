using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Quarry.Core;
using Quarry.Optimization.Samplers;

namespace Quarry.Optimization.Internal;

/// <summary>One <see cref="Study.Optimize"/> call: the worker loop (ask, objective, tell) on one or more threads.</summary>
internal sealed class Optimizer(Study study, Func<Trial, double> objective, OptimizeOptions options, CancellationToken cancellation)
{
    readonly ConcurrentBag<FrozenTrial> _done = [];
    readonly Lock _callbackGate = new();
    readonly long _startTimestamp = options.Clock.GetTimestamp();
    readonly Heartbeat? _heartbeat = options.HeartbeatInterval is { } interval ? new Heartbeat(interval, options.Clock) : null;
    int _started;
    int _stopReason = -1;
    long _lastStaleCheck = long.MinValue;
    volatile bool _failed;
    ExceptionDispatchInfo? _error;

    public OptimizeResult Run()
    {
        using (_heartbeat) return RunWorkers();
    }

    OptimizeResult RunWorkers()
    {
        int jobs = options.Jobs == -1 ? Environment.ProcessorCount : options.Jobs;
        if (jobs == 1) Work();
        else
        {
            var threads = new Thread[jobs];
            for (int i = 0; i < jobs; i++)
            {
                threads[i] = new Thread(Work) { IsBackground = true, Name = $"quarry-optimize-{study.Name}-{i}" };
                threads[i].Start();
            }
            foreach (var t in threads) t.Join();
        }
        _error?.Throw();
        return new OptimizeResult([.. _done.OrderBy(t => t.Number)], options.Clock.GetElapsedTime(_startTimestamp), (OptimizeStopReason)Math.Max(_stopReason, 0));
    }

    void Work()
    {
        try
        {
            FrozenTrial? next = null;
            while (RunOne(ref next)) { }
        }
        catch (Exception e)
        {
            lock (_callbackGate) _error ??= ExceptionDispatchInfo.Capture(e);
            _failed = true;
        }
    }

    bool StopWith(OptimizeStopReason reason)
    {
        Interlocked.CompareExchange(ref _stopReason, (int)reason, -1);
        return false;
    }

    /// <summary>
    /// Runs one trial: <paramref name="next"/> when the previous tell started it (a started trial always runs), else one
    /// started now; false when the worker should stop. Sets <paramref name="next"/> when this trial's tell started the
    /// worker's next one.
    /// </summary>
    bool RunOne(ref FrozenTrial? next)
    {
        Trial? trial;
        if (next is { } started)
        {
            next = null;
            trial = study.Prepare(started, deferParams: true);
        }
        else if (!MayStartAnother()) return false;
        else if ((trial = study.Start(options.StopWhenBudgetSpent ? options.Trials : null, options.HeartbeatInterval is not null, deferParams: true)) is null)
            return StopWith(OptimizeStopReason.BudgetSpent);

        var frozen = RunTrial(trial, out var error, out next);
        _done.Add(frozen);
        if (error is not null && !IsCaught(error)) error.Throw();
        if (options.Callback is not null || options.Progress is not null)
        {
            lock (_callbackGate)
            {
                options.Callback?.Invoke(study, frozen);
                options.Progress?.Report(frozen);
            }
        }
        return true;
    }

    /// <summary>
    /// Whether this worker may start another trial now; false also records why the optimization stops. Looks for stale
    /// trials when due and, under a trial limit, takes one of its slots (<see cref="ReleaseSlot"/> gives it back).
    /// </summary>
    bool MayStartAnother()
    {
        if (_failed) return false;
        if (Volatile.Read(ref _stopReason) >= 0) return false;
        if (study.StopRequested) return StopWith(OptimizeStopReason.StopRequested);
        if (cancellation.IsCancellationRequested) return StopWith(OptimizeStopReason.Cancelled);
        if (options.Timeout is { } timeout && options.Clock.GetElapsedTime(_startTimestamp) >= timeout) return StopWith(OptimizeStopReason.Timeout);
        if (study.Sampler is GridSampler grid && grid.IsExhausted(study)) return StopWith(OptimizeStopReason.SearchSpaceExhausted);
        if (options.HeartbeatInterval is { } interval && StaleCheckDue(interval)) FailStaleTrials(interval);
        if (!options.StopWhenBudgetSpent && options.Trials is { } limit && Interlocked.Increment(ref _started) > limit)
            return StopWith(OptimizeStopReason.TrialLimit);
        return true;
    }

    void ReleaseSlot()
    {
        if (!options.StopWhenBudgetSpent && options.Trials is not null) Interlocked.Decrement(ref _started);
    }

    FrozenTrial RunTrial(Trial trial, out ExceptionDispatchInfo? error, out FrozenTrial? next)
    {
        error = null;
        next = null;
        TrialState state;
        double? value = null;
        string? failReason = null;
        using (_heartbeat?.Track(trial))
        {
            try
            {
                value = objective(trial);
                state = TrialState.Complete;
                if (double.IsNaN(value.Value)) (state, value, failReason) = (TrialState.Fail, null, Study.NaNReason);
            }
            catch (TrialPrunedException)
            {
                state = TrialState.Pruned;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                state = TrialState.Fail;
                failReason = "interrupted: the optimization was cancelled while the trial ran";
                StopWith(OptimizeStopReason.Cancelled);
            }
#pragma warning disable CA1031 // the objective is user code: any exception fails the trial, then Catch decides
            catch (Exception e)
#pragma warning restore CA1031
            {
                state = TrialState.Fail;
                failReason = $"{e.GetType().Name}: {e.Message}";
                error = ExceptionDispatchInfo.Capture(e);
            }
        }
        // The tell also starts this worker's next trial (one storage call), unless the loop stops here, or a callback
        // must see the trial first (it may stop the study: the next trial then must not have started), or a grid may be
        // exhausted by this very trial (it counts once finished).
        bool startNext = (error is null || IsCaught(error)) && options.Callback is null && study.Sampler is not GridSampler && MayStartAnother();
        try
        {
            var (finished, started) = study.Finish(trial, state, value, failReason,
                startNext ? (options.StopWhenBudgetSpent ? options.Trials : null, options.HeartbeatInterval is not null) : null);
            next = started;
            if (startNext && started is null) StopWith(OptimizeStopReason.BudgetSpent);
            return finished;
        }
        catch (QuarryException e) when (e.Code == ErrorCode.InvalidState)
        {
            // Another worker failed this trial as stale (e.g. after a long pause): keep its stored state. Nothing started.
            if (startNext) ReleaseSlot();
            var stored = study.Storage.GetTrial(trial.TrialId);
            if (!stored.IsFinished) throw;
            return stored;
        }
    }

    bool IsCaught(ExceptionDispatchInfo error)
    {
        var type = error.SourceException.GetType();
        foreach (var caught in options.Catch)
            if (caught.IsAssignableFrom(type)) return true;
        return false;
    }

    /// <summary>
    /// Whether this call's workers should look for stale trials now: before the first trial, then once per heartbeat
    /// interval (a trial goes stale only after 2 × interval without a beat, so checking more often finds nothing more;
    /// checking before every trial cost a statement per trial). One job thread wins each check.
    /// </summary>
    bool StaleCheckDue(TimeSpan interval)
    {
        long last = Interlocked.Read(ref _lastStaleCheck), now = options.Clock.GetTimestamp();
        if (last != long.MinValue && options.Clock.GetElapsedTime(last, now) < interval) return false;
        return Interlocked.CompareExchange(ref _lastStaleCheck, now, last) == last;
    }

    void FailStaleTrials(TimeSpan interval)
    {
        var failed = study.Storage.FailStaleTrials(study.Id, 2 * interval);
        if (options.MaxRetries is not { } maxRetries) return;
        foreach (var trial in failed)
            if (StaleTrialRetry.Template(trial, maxRetries) is { } template)
                study.Storage.CreateTrial(study.Id, template);
    }
}
