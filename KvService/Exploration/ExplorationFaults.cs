using System.Text.Json.Serialization;
using LabRpc;

namespace KvService.Exploration;

/// <summary>
/// The faults an exploration may choose while the clients run: the network may drop a request or a reply, duplicate a
/// request (its copy arriving at once or late), hold a reply back past later messages, and the server may crash at any
/// crash point (a request's arrival, its execution, its reply leaving, and just before and after each persister call)
/// and restart after <see cref="CrashDowntime"/>. Whether each happens is the chooser's decision; the bounds say how many.
/// Once every client is done the network heals and the server comes back for the final reads.
/// </summary>
public sealed record ExplorationFaults
{
    /// <summary>Requests and replies may be lost.</summary>
    public bool Drops { get; init; } = true;

    /// <summary>Requests may be delivered twice.</summary>
    public bool Duplicates { get; init; } = true;

    /// <summary>Replies may be held back (200 ms), so that later messages overtake them.</summary>
    public bool HeldReplies { get; init; } = true;

    /// <summary>The server may crash at a crash point.</summary>
    public bool Crashes { get; init; } = true;

    /// <summary>How long a crashed server stays down. Default 200 ms: longer than a clerk's first few retries to a server that does not answer.</summary>
    public TimeSpan CrashDowntime { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How late a late copy of a duplicated request arrives. Default 100 ms.</summary>
    public TimeSpan CopyDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Every fault kind: the default.</summary>
    public static ExplorationFaults All { get; } = new();

    /// <summary>The network while clients run: each possible fault with a rate above zero (the chooser decides), no delays.</summary>
    [JsonIgnore]
    public FaultProfile Profile => FaultProfile.Reliable with
    {
        RequestDropRate = Drops ? 0.1 : 0,
        ReplyDropRate = Drops ? 0.1 : 0,
        DuplicateRate = Duplicates ? 0.1 : 0,
        MaxDuplicateDelay = CopyDelay,
        LongReordering = HeldReplies,
    };

    /// <summary>How long the final reads wait after the clients, so that late copies land first.</summary>
    [JsonIgnore]
    public TimeSpan SettleTime => Duplicates ? CopyDelay : TimeSpan.Zero;

    /// <summary>The kinds in words: "drops, duplicates, held replies, crashes".</summary>
    public string Describe()
    {
        var kinds = new List<string>();
        if (Drops) kinds.Add("drops");
        if (Duplicates) kinds.Add("duplicates");
        if (HeldReplies) kinds.Add("held replies");
        if (Crashes) kinds.Add("crashes");
        return kinds.Count == 0 ? "no faults" : string.Join(", ", kinds);
    }
}
