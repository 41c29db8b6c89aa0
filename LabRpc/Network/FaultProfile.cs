using System.Collections.Immutable;

namespace LabRpc;

/// <summary>
/// What the network does to messages, as a value a test can set and change over time. The defaults are
/// labrpc's: <see cref="Reliable"/> and <see cref="Unreliable"/> are its two settings.
/// </summary>
public sealed record FaultProfile
{
    /// <summary>labrpc's reliable network: no delay, no drops.</summary>
    public static FaultProfile Reliable { get; } = new();

    /// <summary>labrpc's unreliable network: requests wait 0–26 ms, 10 % of requests and 10 % of replies are lost.</summary>
    public static FaultProfile Unreliable { get; } = new()
    {
        MaxRequestDelay = TimeSpan.FromMilliseconds(26),
        RequestDropRate = 0.1,
        ReplyDropRate = 0.1,
    };

    /// <summary>A request waits a uniform 0..this (whole milliseconds) before it reaches the server.</summary>
    public TimeSpan MaxRequestDelay { get; init; }

    /// <summary>Chance that a request is lost: the handler never runs and the call fails.</summary>
    public double RequestDropRate { get; init; }

    /// <summary>Chance that a reply is lost: the handler ran, the call fails.</summary>
    public double ReplyDropRate { get; init; }

    /// <summary>Chance that a request is delivered a second time (the copy's reply is thrown away).</summary>
    public double DuplicateRate { get; init; }

    /// <summary>
    /// How late a duplicated request's copy may come: it reaches the server a uniform 0..this (whole milliseconds) after
    /// the request was sent, so a copy can arrive after the client's later requests (an old request arriving late).
    /// Zero: the copy waits like a request, 0..<see cref="MaxRequestDelay"/>.
    /// </summary>
    public TimeSpan MaxDuplicateDelay { get; init; }

    /// <summary>A call that cannot reach a server fails after 0..6999 ms instead of 0..99 ms (labrpc's LongDelays).</summary>
    public bool LongDelays { get; init; }

    /// <summary>Replies are held back 200 + rand(1 + rand(2000)) ms with probability 2/3 (labrpc's LongReordering).</summary>
    public bool LongReordering { get; init; }

    /// <summary>Ends and servers cut off from everything: their calls behave as if the end were disabled.</summary>
    public ImmutableHashSet<string> Isolated { get; init; } = ImmutableHashSet<string>.Empty;

    /// <summary>True when nothing is delayed or lost.</summary>
    public bool IsReliable => MaxRequestDelay <= TimeSpan.Zero && RequestDropRate <= 0 && ReplyDropRate <= 0;

    /// <summary>This profile with labrpc's reliable (true) or unreliable (false) delay and drop settings.</summary>
    public FaultProfile WithReliable(bool reliable) => reliable
        ? this with { MaxRequestDelay = TimeSpan.Zero, RequestDropRate = 0, ReplyDropRate = 0 }
        : this with
        {
            MaxRequestDelay = Unreliable.MaxRequestDelay,
            RequestDropRate = Unreliable.RequestDropRate,
            ReplyDropRate = Unreliable.ReplyDropRate,
        };
}
