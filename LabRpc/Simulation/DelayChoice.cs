namespace LabRpc;

/// <summary>A delay the network asks an <see cref="IChooser"/> for.</summary>
public enum DelayChoice
{
    /// <summary>How long a request takes to reach its server (milliseconds).</summary>
    Request,

    /// <summary>How long a call that cannot reach a server takes to fail (milliseconds).</summary>
    Unreachable,

    /// <summary>How long the copy of a duplicated request takes (milliseconds): a long one arrives after later requests.</summary>
    Copy,

    /// <summary>How long a held-back reply waits, beyond 200 ms: the outer draw of labrpc's 200 + rand(1 + rand(2000)).</summary>
    HoldOuter,

    /// <summary>The inner draw of labrpc's 200 + rand(1 + rand(2000)).</summary>
    HoldInner,

    /// <summary>How long a reply waits on a link with its own delay (milliseconds).</summary>
    Reply,
}
