namespace LabRpc.Linearizability;

/// <summary>
/// Says that a model's object is, in each part of a history, a register of strings that is read, put (replaced) and
/// appended to, so that the checker can decide a part whose written values are unique without searching (see
/// <see cref="Model{TState, TInput, TOutput}.AppendRegister"/>, and the argument in the remarks).
/// </summary>
/// <remarks>
/// <para><b>The class decided.</b> A part is in the class when every put value and every appended token in it is
/// non-empty and written by one operation only (a put value is not a token, nor the initial value), and every value
/// observed — what a read returned, or an append's old value — can be cut in exactly one way into a put value (or the
/// initial value) followed by appended tokens. Otherwise the part is checked by the search, and its result says why
/// (<see cref="PartitionResult{TInput, TOutput}.FallbackReason"/>). An operation whose outcome is unknown may have
/// taken effect once at any point after its call, or never.</para>
/// <para><b>Why the order is forced.</b> In any linearization, the value at an instant is the last put before it (or
/// the initial value) followed by the tokens of the appends since, in order. As the values are unique and the cut is
/// unique, a value observed names exactly those writes: the put <c>p</c> and appends <c>a1 … ak</c> it shows took
/// effect in that order with no write between them, and the observer came right after <c>ak</c> (or <c>p</c>) and
/// before the next write. So every value observed fixes "the write right after" for each write it shows; two values
/// that disagree on it (<c>"p[a]"</c> and <c>"p[b]"</c>), a token shown twice (an append applied twice), or a value no
/// writes make (a garbage read) is a violation with no search at all. Chaining these links gives <i>groups</i>: a put
/// (or the initial value) and the appends right after it, each write followed by the reads that saw its value. A group
/// takes effect back to back, in that order, in every linearization; only the order of the groups is free, and the
/// group of the initial value comes first.</para>
/// <para><b>Real time.</b> Inside a group the order is fixed, so it fits real time unless an operation that must come
/// later returned before one that must come earlier was called (a stale read, a read of a write not yet called). Two
/// groups A and B may go A then B unless some operation of B returned before some operation of A was called, that is
/// unless min(return in B) &lt; max(call in A). This is Gibbons and Korach's zone condition (1997) with groups for
/// writes: sorting the groups by min(min return, max call), groups whose max call is at most their min return first
/// on ties, gives an order that fits every pair that can be ordered at all, so the part is linearizable exactly when
/// that order fits, which a scan checks (O(n log n), plus the length of the values observed). A pair that cannot be
/// ordered either way is the violation shown.</para>
/// <para><b>Unknown outcomes.</b> A read with no answer constrains nothing and is left out. A write with no answer that
/// some value shows took effect, so it is placed like any other write, with no return time (it returned "never", so it
/// never has to precede anything). One that no value shows is left out: it never took effect (or took effect where no
/// one could see it, which is the same), and leaving a group out never breaks the order of the others. An append whose
/// old value was not recorded is a write that observes nothing; a put or append that no value shows forms a group of
/// its own, which starts from whatever came before and is seen by no one.</para>
/// <para>The description must agree with the model's <see cref="Model{TState, TInput, TOutput}.Step"/>: a read is
/// accepted exactly when it returns the value, a put sets it, an append adds its token at the end and is accepted when
/// its old value (if recorded) is the value, and the register starts at <see cref="InitialValue"/>.</para>
/// </remarks>
/// <typeparam name="TInput">The model's input.</typeparam>
/// <typeparam name="TOutput">The model's output.</typeparam>
public sealed record AppendRegister<TInput, TOutput>
{
    /// <summary>What an operation does, from its input and its output (<c>default</c> when the outcome is unknown).</summary>
    public required Func<TInput, TOutput?, RegisterAccess> Access { get; init; }

    /// <summary>The value before any write. Default: the empty string.</summary>
    public string InitialValue { get; init; } = "";
}
