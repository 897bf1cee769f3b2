using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Quarry.Core;
using Quarry.Optimization.Samplers;
using Quarry.Optimization.Storage;

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
        FrozenTrial? next = null;
        var told = new LastTell();
        try
        {
            while (RunOne(ref next, told)) { }
            Acknowledge(told);
        }
        catch (Exception e)
        {
            told.Trial?.Dispose();
            if (next is { } orphan) Abandon(orphan);
            lock (_callbackGate) _error ??= ExceptionDispatchInfo.Capture(e);
            _failed = true;
        }
    }

    /// <summary>A trial started for this worker that will not run (the worker is failing): fail it now rather than by heartbeat.</summary>
    void Abandon(FrozenTrial trial)
    {
        try { study.Storage.SetState(trial.TrialId, TrialState.Fail); }
        catch (QuarryException) { /* finished already, or the storage is failing too: staleness fails it later */ }
    }

    bool StopWith(OptimizeStopReason reason)
    {
        Interlocked.CompareExchange(ref _stopReason, (int)reason, -1);
        return false;
    }

    /// <summary>
    /// Runs one trial: <paramref name="next"/> when the previous tell started it (a started trial always runs), else one
    /// started now; false when the worker should stop. Sets <paramref name="next"/> when this trial's tell started the
    /// worker's next one. <paramref name="told"/>: the worker's last tell, acknowledged once this trial's objective has
    /// run (so the objective overlaps its commit), or as soon as the sampler or pruner reads the study's trials (so they
    /// see every trial this worker told, as without pipelining: a seeded single worker stays reproducible); replaced by
    /// this trial's tell.
    /// </summary>
    bool RunOne(ref FrozenTrial? next, LastTell told)
    {
        Trial? trial;
        if (next is { } started)
        {
            next = null;
            trial = study.Prepare(started, deferParams: true, beforeHistory: () => Acknowledge(told));
        }
        else if (!MayStartAnother()) return false;
        else if ((trial = study.Start(options.StopWhenBudgetSpent ? options.Trials : null, options.HeartbeatInterval is not null, deferParams: true)) is null)
            return StopWith(OptimizeStopReason.BudgetSpent);

        told.Trial = RunTrial(trial, told, out var error, out next);
        if (error is not null && !IsCaught(error))
        {
            Acknowledge(told);
            error.Throw();
        }
        if (options.Callback is not null) Acknowledge(told); // a callback sees each trial finished before the next starts
        return true;
    }

    /// <summary>Waits for <paramref name="told"/> (if any) to be durable, then records it and reports it to the callback and progress.</summary>
    void Acknowledge(LastTell told)
    {
        if (told.Trial is not { } pending) return;
        told.Trial = null;
        FrozenTrial frozen;
        try
        {
            frozen = pending.Wait();
        }
        catch (QuarryException e) when (e.Code == ErrorCode.InvalidState)
        {
            // Another worker failed this trial as stale (e.g. after a long pause): keep its stored state.
            frozen = study.Storage.GetTrial(pending.TrialId);
            if (!frozen.IsFinished) throw;
        }
        _done.Add(frozen);
        if (options.Callback is null && options.Progress is null) return;
        lock (_callbackGate)
        {
            options.Callback?.Invoke(study, frozen);
            options.Progress?.Report(frozen);
        }
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

    ToldTrial RunTrial(Trial trial, LastTell previous, out ExceptionDispatchInfo? error, out FrozenTrial? next)
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
        Acknowledge(previous);
        // The tell also starts this worker's next trial (one storage call), unless the loop stops here, or a callback
        // must see the trial first (it may stop the study: the next trial then must not have started), or a grid may be
        // exhausted by this very trial (it counts once finished).
        bool startNext = (error is null || IsCaught(error)) && options.Callback is null && study.Sampler is not GridSampler && MayStartAnother();
        try
        {
            var (told, started) = study.Finish(trial, state, value, failReason,
                startNext ? (options.StopWhenBudgetSpent ? options.Trials : null, options.HeartbeatInterval is not null) : null);
            next = started;
            if (startNext && started is null) StopWith(OptimizeStopReason.BudgetSpent);
            return told;
        }
        catch (QuarryException e) when (e.Code == ErrorCode.InvalidState)
        {
            // Another worker failed this trial as stale (e.g. after a long pause): keep its stored state. Nothing started.
            if (startNext) ReleaseSlot();
            if (!study.Storage.GetTrial(trial.TrialId).IsFinished) throw;
            return new ToldTrial(study.Storage, trial.TrialId, PendingTell.Acknowledged);
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

    /// <summary>A worker's last tell that is not acknowledged yet (see <see cref="Acknowledge"/>).</summary>
    sealed class LastTell
    {
        public ToldTrial? Trial;
    }
}
