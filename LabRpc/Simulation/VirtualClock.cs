namespace LabRpc;

/// <summary>
/// The simulation's clock as a <see cref="TimeProvider"/>: pass it to <c>Task.Delay</c>,
/// <c>PeriodicTimer</c>, <c>WaitAsync</c> or <c>CancellationTokenSource</c> and they run in virtual time.
/// </summary>
internal sealed class VirtualClock(Simulation simulation) : TimeProvider
{
    /// <summary>Virtual time zero: 2000-01-01 UTC.</summary>
    public static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(simulation.NowTicks);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => simulation.NowTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        simulation.CheckThread("TimeProvider.CreateTimer");
        return new VirtualTimer(simulation, simulation.CurrentContext, callback, state, dueTime, period);
    }
}
