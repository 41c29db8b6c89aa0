namespace LabRpc.Linearizability;

/// <summary>What <see cref="UniqueValueDecision"/> found for one part of a history.</summary>
/// <param name="Outcome">Ok or Illegal; <c>null</c> when the part is outside the class it decides (see <paramref name="Reason"/>).</param>
/// <param name="Reason">Why the part is outside the class, for a <c>null</c> outcome.</param>
/// <param name="Order">For an Ok part: a linearization (indexes into the part's operations), when one was asked for.</param>
/// <param name="Explanation">For an Illegal part: the contradiction, in words.</param>
/// <param name="Involved">For an Illegal part: the operations the explanation names.</param>
internal sealed record UniqueValueVerdict(CheckOutcome? Outcome, string? Reason, int[] Order, string? Explanation, int[] Involved)
{
    public static UniqueValueVerdict Outside(string reason) => new(null, reason, [], null, []);

    public static UniqueValueVerdict Linearizable(int[] order) => new(CheckOutcome.Ok, null, order, null, []);

    public static UniqueValueVerdict Violation(string explanation, params int[] involved) =>
        new(CheckOutcome.Illegal, null, [], explanation, [.. involved.Distinct()]);
}
