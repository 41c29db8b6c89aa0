using Microsoft.Extensions.Logging;

namespace LabRpc;

/// <summary>How a <see cref="TcpClientEnd"/> calls its server.</summary>
public sealed record TcpClientOptions
{
    /// <summary>A call with no answer after this long returns ok=false, like a lost message (1 s by default); the caller retries.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How arguments and replies become bytes; the server must use the same one.</summary>
    public ICodec Codec { get; init; } = MessagePackCodec.Instance;

    /// <summary>The largest frame body sent or accepted (16 MiB by default, the server's default limit too).</summary>
    public int MaxFrameSize { get; init; } = 16 << 20;

    /// <summary>The clock of the timeouts (the machine's by default).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the end logs (connections at Debug, protocol trouble at Warning); none by default.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
