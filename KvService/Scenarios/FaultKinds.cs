namespace KvService.Scenarios;

/// <summary>Kinds of faults, as flags: a fault mix for the generator.</summary>
[Flags]
public enum FaultKinds
{
    /// <summary>No faults: a reliable network and a server that never crashes.</summary>
    None = 0,

    /// <summary>Windows of labrpc's unreliable network.</summary>
    Unreliable = 1,

    /// <summary>Windows of labrpc's long reordering of replies.</summary>
    LongReordering = 2,

    /// <summary>Windows of other drop and delay rates.</summary>
    DropsAndDelays = 4,

    /// <summary>Windows in which requests are delivered twice.</summary>
    Duplicates = 8,

    /// <summary>Clients cut off from the server and reconnected.</summary>
    ClientIsolation = 16,

    /// <summary>Server crashes and restarts from the persister.</summary>
    Crash = 32,

    /// <summary>Every network fault, no crashes.</summary>
    Network = Unreliable | LongReordering | DropsAndDelays | Duplicates | ClientIsolation,

    /// <summary>Everything.</summary>
    All = Network | Crash,
}
