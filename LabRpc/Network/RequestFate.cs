namespace LabRpc;

/// <summary>A request's fate: what happens to it, after how long (ticks), and, if the network sends it twice, when its copy
/// arrives (ticks; -1: no copy).</summary>
internal readonly record struct RequestFate(RequestOutcome Outcome, long Delay, long CopyDelay, Link? Link);
