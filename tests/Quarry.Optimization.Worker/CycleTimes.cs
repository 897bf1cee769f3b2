using System.Diagnostics;
using System.Globalization;

namespace Quarry.Optimization.Worker;

/// <summary>
/// Where a worker's trial cycle goes, from the objective's side (one job thread): the sleep as measured (its overshoot
/// over the nominal sleep), the rest of the objective (suggest calls), and the gap between one objective call's end and
/// the next one's start (the tell and next start, the sampler, scheduling). Printed as key=value pairs of mean ms.
/// </summary>
sealed class CycleTimes
{
    long _lastLeft, _gapTicks, _sleepTicks, _objectiveTicks, _entered;
    int _trials, _gaps;

    public void ObjectiveEntered()
    {
        _entered = Stopwatch.GetTimestamp();
        if (_lastLeft != 0)
        {
            _gapTicks += _entered - _lastLeft;
            _gaps++;
        }
    }

    public void Slept(long sleepStarted) => _sleepTicks += Stopwatch.GetTimestamp() - sleepStarted;

    public void ObjectiveLeft()
    {
        _lastLeft = Stopwatch.GetTimestamp();
        _objectiveTicks += _lastLeft - _entered;
        _trials++;
    }

    static double Ms(long ticks, int count) => count == 0 ? 0 : ticks * 1000.0 / Stopwatch.Frequency / count;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"sleep_ms={Ms(_sleepTicks, _trials):F3} objective_ms={Ms(_objectiveTicks, _trials):F3} gap_ms={Ms(_gapTicks, _gaps):F3}");
}
