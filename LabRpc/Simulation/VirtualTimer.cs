namespace LabRpc;

/// <summary>A timer in virtual time, owned by the node that created it.</summary>
internal sealed class VirtualTimer : ITimer
{
    private static readonly SimCallback Fire = static (state, version) => ((VirtualTimer)state!).OnFire(version);

    private readonly Simulation _simulation;
    private readonly NodeContext _owner;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private long _version;
    private long _periodTicks;
    private bool _disposed;

    public VirtualTimer(Simulation simulation, NodeContext owner, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _simulation = simulation;
        _owner = owner;
        _callback = callback;
        _state = state;
        Change(dueTime, period);
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (_disposed) return false;
        _simulation.CheckThread("ITimer.Change");
        _version++;
        _periodTicks = period > TimeSpan.Zero ? period.Ticks : 0;
        if (dueTime != Timeout.InfiniteTimeSpan)
            _simulation.Schedule(Math.Max(0, dueTime.Ticks), _owner, Fire, this, _version);
        return true;
    }

    public void Dispose()
    {
        _disposed = true;
        _version++;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    private void OnFire(long version)
    {
        if (_disposed || version != _version) return;
        if (_periodTicks > 0) _simulation.Schedule(_periodTicks, _owner, Fire, this, _version);
        _callback(_state);
    }
}
