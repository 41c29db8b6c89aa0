namespace KvService.ChannelStyle;

/// <summary>A request on its way from a handler of <see cref="ChannelKvServer"/> to its applier: what to do, and where the
/// answer goes (a Get's value or an Append's old value; "" for a Put).</summary>
public sealed record KvRequest(string Op, string Key, string Value, long ClientId, long Seq)
{
    /// <summary>The operation name of a Get.</summary>
    public const string Get = "Get";

    /// <summary>The operation name of a Put.</summary>
    public const string Put = "Put";

    /// <summary>The operation name of an Append.</summary>
    public const string Append = "Append";

    /// <summary>Completed by the applier with the answer; the handler awaits it. Its continuation runs in a step of its own.</summary>
    public TaskCompletionSource<string> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
