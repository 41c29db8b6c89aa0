namespace LabRpc;

/// <summary>
/// The one place a simulation's choices come from: which ready task runs next, each message's fate (delivered,
/// dropped, duplicated, held back) and delays, and — for harnesses that ask — whether a server crashes at a crash point.
/// <see cref="RandomChooser"/> draws them from the seed (the default: every run of a seed is the same run);
/// <c>LabRpc.Exploration.ScriptedChooser</c> replays a recorded list of choices, or walks the tree of them.
/// </summary>
public interface IChooser
{
    /// <summary>Which of the ready items runs next: an index into <paramref name="ready"/> (in the order they were posted).
    /// Called only when at least two are ready.</summary>
    int NextReady(ReadyItems ready);

    /// <summary>Whether a fault of <paramref name="kind"/> happens, where a random run has it with probability
    /// <paramref name="probability"/> (for <see cref="FaultChoice.HoldReply"/>: labrpc's two in three).</summary>
    bool Fault(FaultChoice kind, double probability);

    /// <summary>A delay of <paramref name="kind"/>, a whole number in [0, <paramref name="maxExclusive"/>).</summary>
    int Delay(DelayChoice kind, int maxExclusive);

    /// <summary>
    /// A choice among <paramref name="options"/> made by simulated code (e.g. which of several ready channels a select
    /// takes): a number in [0, <paramref name="options"/>). A random run draws it as <c>Simulation.Random.Next(options)</c>
    /// does (the same stream, the same number); an exploration tries each option (any but 0 is a deviation).
    /// </summary>
    int Pick(int options);
}
