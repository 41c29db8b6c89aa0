namespace LabRpc;

/// <summary>
/// The seeded choices of an ordinary run: the ready item from the scheduler's generator (or the first posted, for
/// <see cref="SchedulingStrategy.Fifo"/>), faults and delays from the simulation's <see cref="Simulation.Random"/>, drawn
/// exactly as labrpc's network draws them.
/// </summary>
public sealed class RandomChooser : IChooser
{
    private readonly DeterministicRandom? _schedule;
    private readonly DeterministicRandom _faults;

    /// <summary>Draws the schedule from <paramref name="schedule"/> (null: first posted, first run) and the network's
    /// faults and delays from <paramref name="faults"/>.</summary>
    public RandomChooser(DeterministicRandom? schedule, DeterministicRandom faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        _schedule = schedule;
        _faults = faults;
    }

    /// <inheritdoc/>
    public int NextReady(ReadyItems ready) => _schedule is null ? 0 : _schedule.Next(ready.Count);

    /// <inheritdoc/>
    public bool Fault(FaultChoice kind, double probability) =>
        kind == FaultChoice.HoldReply ? _faults.Next(900) < 600 : _faults.Chance(probability);

    /// <inheritdoc/>
    public int Delay(DelayChoice kind, int maxExclusive) => _faults.Next(maxExclusive);

    /// <inheritdoc/>
    public int Pick(int options) => _faults.Next(options);
}
