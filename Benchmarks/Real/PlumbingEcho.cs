namespace LabRpc.Benchmarks.Real;

/// <summary>The echo both transports serve in <see cref="PlumbingBenchmarks"/>: labrpc's benchmark handler, with no state.</summary>
public sealed class PlumbingEcho
{
    /// <summary>A small argument in, a small reply out.</summary>
    public string Handler2(int args) => "handler2-" + args;
}
