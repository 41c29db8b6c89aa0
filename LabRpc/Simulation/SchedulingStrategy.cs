namespace LabRpc;

/// <summary>How the scheduler picks the next task when several are ready at the same virtual instant.</summary>
public enum SchedulingStrategy
{
    /// <summary>A seeded random pick: different seeds explore different interleavings.</summary>
    Random,

    /// <summary>First posted, first run: the same interleaving for every seed.</summary>
    Fifo,
}
