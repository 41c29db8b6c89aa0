namespace LabRpc.Benchmarks.Core;

/// <summary>labrpc's benchmark handler: a small argument in, a small reply out.</summary>
public sealed class EchoService
{
    public int Count { get; private set; }

    public string Handler2(int args)
    {
        Count++;
        return "handler2-" + args;
    }
}
