namespace LabRpc.Benchmarks.Real;

/// <summary>What a <c>kvload</c> run does; <see cref="KvLoad.Parse"/> makes it from the command line.</summary>
internal sealed record KvLoadOptions
{
    /// <summary>The server, host:port.</summary>
    public string Server { get; init; } = "127.0.0.1:1234";

    /// <summary>Concurrent clerks.</summary>
    public int Clients { get; init; } = 1;

    /// <summary>How long to measure, after the warm-up.</summary>
    public double Seconds { get; init; } = 5;

    /// <summary>Seconds of load before measuring.</summary>
    public double Warmup { get; init; } = 1;

    /// <summary>How many keys the clerks share.</summary>
    public int Keys { get; init; } = 4;

    /// <summary>All clerks call through one connection (calls multiplexed by call id) instead of one each.</summary>
    public bool SharedConnection { get; init; }

    /// <summary>What the server keeps its data in, as printed (<c>durable</c>, <c>in-memory</c>; <c>unknown</c> if not told).</summary>
    public string ServerKind { get; init; } = "unknown";

    /// <summary>Seed of the clerks' key choices.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How long to wait for the server to accept connections and answer a first Get.</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A call with no answer after this long fails (counted as an error) and the clerk sends it again.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(1);
}
