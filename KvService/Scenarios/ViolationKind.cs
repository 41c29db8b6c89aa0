namespace KvService.Scenarios;

/// <summary>What a run got wrong.</summary>
public enum ViolationKind
{
    /// <summary>The history does not linearize against the KV model.</summary>
    NotLinearizable,

    /// <summary>An appended token was seen twice in one value, or an acknowledged append is missing from the end.</summary>
    AtMostOnce,

    /// <summary>An operation had not finished by the deadline after the network healed.</summary>
    Liveness,

    /// <summary>The run itself failed: a handler or clerk threw, a deadlock, a spent budget, a blocked thread.</summary>
    RunFailed,

    /// <summary>Two runs of the same scenario ended with different trace hashes: the implementation depends on something
    /// outside the simulation (an unseeded random number, a thread, a real timer, a static left from an earlier run).</summary>
    Nondeterministic,
}
