namespace LabRpc.Exploration;

/// <summary>One branching point of a run: what it decided, how many options it had, which one was taken.</summary>
public readonly record struct ChoicePoint(ChoiceKind Kind, int Options, int Picked)
{
    /// <summary>Whether <paramref name="option"/> is a fault (a drop, a duplicate, a held reply, a crash).</summary>
    public static bool IsFault(ChoiceKind kind, int option) => option != 0 && kind is not (ChoiceKind.Schedule or ChoiceKind.CopyLate or ChoiceKind.Pick);

    /// <summary>Whether <paramref name="option"/> is a deviation from the default schedule.</summary>
    public static bool IsDeviation(ChoiceKind kind, int option) => option != 0 && kind is ChoiceKind.Schedule or ChoiceKind.Pick;
}
