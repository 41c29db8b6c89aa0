namespace LabRpc.Benchmarks.Real;

/// <summary>Where a load run is: clerks read it before each call, the driver moves it on.</summary>
internal sealed class LoadPhase
{
    /// <summary>Calls run but are not counted.</summary>
    public const int WarmingUp = 0;

    /// <summary>Calls started now are timed and counted.</summary>
    public const int Measuring = 1;

    /// <summary>Clerks finish the call under way and stop.</summary>
    public const int Stopping = 2;

    private int _value = WarmingUp;

    /// <summary>The phase now.</summary>
    public int Value => Volatile.Read(ref _value);

    /// <summary>Moves to <paramref name="phase"/>.</summary>
    public void Set(int phase) => Volatile.Write(ref _value, phase);
}
