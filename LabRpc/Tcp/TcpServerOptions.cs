using System.Net;

namespace LabRpc;

/// <summary>How a <see cref="TcpServer"/> listens, and the limits that protect it from bad or idle clients.</summary>
public sealed record TcpServerOptions
{
    /// <summary>The address to listen on: the loopback address by default; <see cref="IPAddress.Any"/> serves other machines.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 takes a free one (read it from <see cref="TcpServer.Port"/> after <see cref="TcpServer.Start"/>).</summary>
    public int Port { get; init; }

    /// <summary>How arguments and replies become bytes; the client must use the same one.</summary>
    public ICodec Codec { get; init; } = MessagePackCodec.Instance;

    /// <summary>The largest frame body accepted (16 MiB by default): a longer length prefix closes the connection unread.</summary>
    public int MaxFrameSize { get; init; } = 16 << 20;

    /// <summary>A frame that has started must finish arriving within this time (30 s by default), or the connection is closed.</summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection with no call in flight and nothing arriving for this long is closed (5 minutes by default).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Connections open at once (20,000 by default); one more is refused with an error frame.</summary>
    public int MaxConnections { get; init; } = 20_000;

    /// <summary>Calls of one connection in flight at once (1,024 by default): past it, the server stops reading that
    /// connection until some have been answered, so a client that never reads its replies cannot fill the memory.</summary>
    public int MaxCallsInFlightPerConnection { get; init; } = 1024;

    /// <summary>
    /// Awaited on the node after a handler returns and before its reply is written (a durable persister's group commit:
    /// no reply leaves before the writes it answers are on disk). Other handlers run while replies wait on it. If it
    /// throws, the reply is not sent and the caller sees a lost call (ok=false).
    /// </summary>
    public Func<ValueTask>? BeforeReply { get; init; }
}
