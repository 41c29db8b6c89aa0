using System.Net;

namespace KvService.Real;

/// <summary>Where and how <see cref="KvHost"/> serves: the address and port, the data folder, and the limits.</summary>
public sealed record KvHostOptions
{
    /// <summary>The port of the seed's server.</summary>
    public const int DefaultPort = 1234;

    /// <summary>The folder <c>serve</c> keeps its data in when none is given.</summary>
    public const string DefaultDataFolder = "kvdata";

    /// <summary>The address to listen on; the loopback address by default (give <see cref="IPAddress.Any"/> to serve other machines).</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port to listen on; 0 for a free one (see <see cref="KvHost.Port"/>).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The folder of the durable persister; null keeps the data in memory (lost when the process ends).</summary>
    public string? DataFolder { get; init; } = DefaultDataFolder;

    /// <summary>Connections served at once; more are refused.</summary>
    public int MaxConnections { get; init; } = 20_000;

    /// <summary>The largest frame (request) accepted, in bytes; a connection that announces a larger one is closed.</summary>
    public int MaxFrameSize { get; init; } = 16 << 20;

    /// <summary>A connection with nothing to say for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
