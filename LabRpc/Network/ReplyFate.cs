namespace LabRpc;

/// <summary>A reply's fate: what happens to it, and after how long (ticks); <see cref="HeldBack"/> when long reordering
/// chose to hold it back.</summary>
internal readonly record struct ReplyFate(ReplyOutcome Outcome, long Delay, bool HeldBack, Link? Link);
