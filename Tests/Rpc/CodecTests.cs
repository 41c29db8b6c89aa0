namespace LabRpc.Tests.Rpc;

public sealed record Inner(int N, string S);

public sealed record Outer(long Id, List<Inner> Items, Dictionary<string, int[]> Index, Inner? Maybe, double Ratio, bool Flag);

public enum Color { Red, Green }

public sealed class EchoTypes
{
    public int Int(int x) => x + 1;

    public long Long(long x) => x * 2;

    public string Str(string s) => s + "!";

    public double Double(double d) => d / 2;

    public List<int> List(List<int> xs) => xs.Select(x => x * 10).ToList();

    public Dictionary<string, string> Dict(Dictionary<string, string> d) => d.ToDictionary(kv => kv.Value, kv => kv.Key);

    public Outer Nested(Outer o) => o with { Id = o.Id + 1 };

    public Color Enum(Color c) => c == Color.Red ? Color.Green : Color.Red;

    public byte[] Bytes(byte[] b) => b.Reverse().ToArray();

    public (int, string) Tuple((int, string) t) => (t.Item1 + 1, t.Item2 + "?");
}

public sealed class CodecTests
{
    private static T Echo<T>(string method, object args, ICodec? codec = null)
    {
        using var sim = new Simulation(1);
        var net = new Network(sim, codec);
        net.AddServer("s", new Server(new Service(new EchoTypes())));
        var end = net.MakeEnd("e", "s");
        var (ok, reply) = sim.Run(() => end.Call<T>("EchoTypes." + method, args).AsTask());
        Assert.That(ok, Is.True);
        return reply!;
    }

    private static IEnumerable<ICodec> Codecs() => [MessagePackCodec.Instance, JsonCodec.Instance];

    [TestCaseSource(nameof(Codecs))]
    public void NumbersStringsAndEnumsCrossTheNetwork(ICodec codec)
    {
        Assert.That(Echo<int>("Int", 41, codec), Is.EqualTo(42));
        Assert.That(Echo<long>("Long", 1L << 40, codec), Is.EqualTo(1L << 41));
        Assert.That(Echo<string>("Str", "hé", codec), Is.EqualTo("hé!"));
        Assert.That(Echo<double>("Double", 3.0, codec), Is.EqualTo(1.5));
        Assert.That(Echo<Color>("Enum", Color.Red, codec), Is.EqualTo(Color.Green));
        Assert.That(Echo<byte[]>("Bytes", new byte[] { 1, 2, 3 }, codec), Is.EqualTo(new byte[] { 3, 2, 1 }));
    }

    [TestCaseSource(nameof(Codecs))]
    public void ListsDictionariesAndNestedRecordsCrossTheNetwork(ICodec codec)
    {
        Assert.That(Echo<List<int>>("List", new List<int> { 1, 2 }, codec), Is.EqualTo(new[] { 10, 20 }));
        Assert.That(Echo<Dictionary<string, string>>("Dict", new Dictionary<string, string> { ["a"] = "b" }, codec),
            Is.EqualTo(new Dictionary<string, string> { ["b"] = "a" }));
        var outer = new Outer(7, [new Inner(1, "x"), new Inner(2, "y")], new() { ["k"] = [1, 2] }, null, 0.25, true);
        var back = Echo<Outer>("Nested", outer, codec);
        Assert.That(back.Id, Is.EqualTo(8));
        Assert.That(back.Items, Is.EqualTo(outer.Items));
        Assert.That(back.Index["k"], Is.EqualTo(new[] { 1, 2 }));
        Assert.That(back.Maybe, Is.Null);
        Assert.That((back.Ratio, back.Flag), Is.EqualTo((0.25, true)));
    }

    [Test]
    public void TuplesCrossTheNetwork() => Assert.That(Echo<(int, string)>("Tuple", (1, "a")), Is.EqualTo((2, "a?")));

    [Test]
    public void ArgumentsAreCopiedNotShared()
    {
        using var sim = new Simulation(1);
        var net = new Network(sim);
        var keeper = new Keeper();
        net.AddServer("s", new Server(new Service(keeper)));
        var end = net.MakeEnd("e", "s");
        var sent = new List<int> { 1 };
        var (_, reply) = sim.Run(() => end.Call<List<int>>("Keeper.Keep", sent).AsTask());
        sent.Add(2);
        reply!.Add(3);
        Assert.That(keeper.Kept, Is.EqualTo(new[] { 1 }));
    }

    public sealed class Keeper
    {
        public List<int> Kept { get; private set; } = [];

        public List<int> Keep(List<int> xs)
        {
            Kept = xs;
            return xs;
        }
    }
}
