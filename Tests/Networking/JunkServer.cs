namespace LabRpc.Tests.Networking;

public sealed record JunkArgs(int X);

public sealed record JunkReply(string X);

/// <summary>labrpc's test server, in C#.</summary>
public sealed class JunkServer(Simulation sim)
{
    public List<string> Log1 { get; } = [];

    public List<int> Log2 { get; } = [];

    public int Handler1(string args)
    {
        Log1.Add(args);
        return int.Parse(args, System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Handler2(int args)
    {
        Log2.Add(args);
        return "handler2-" + args;
    }

    public async Task<int> Handler3(int args)
    {
        await sim.Delay(TimeSpan.FromSeconds(20));
        return -args;
    }

    public JunkReply Handler4(JunkArgs args) => new("pointer");

    public int Handler6(string args) => args.Length;

    public string Handler7(int args) => new('y', args);
}
