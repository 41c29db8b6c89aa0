using KvService.Model;
using LabRpc;

namespace KvService.Scenarios;

/// <summary>
/// A scenario's operations. Each is drawn from a generator seeded by the scenario's seed, the client and the
/// operation's index, so that a smaller scenario (fewer clients, operations or faults) keeps the operations it still
/// has. Put values and Append tokens are unique, so that at-most-once can be checked on the values read.
/// </summary>
public static class Workload
{
    /// <summary>Operation <paramref name="index"/> of <paramref name="client"/>, and the pause before it.</summary>
    public static (KvInput Input, TimeSpan Think) Step(Scenario scenario, int client, int index)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var random = new DeterministicRandom(scenario.Seed ^ 0xA0761D6478BD642FUL
            ^ ((ulong)(uint)client * 0xE7037ED1A0B428DBUL) ^ ((ulong)(uint)index * 0x8EBC6AF09C88C6E3UL));
        var mix = scenario.Mix;
        int pick = random.Next(mix.Total);
        string key = Key(random.Next(scenario.Keys));
        var input = pick < mix.Get ? KvInput.Get(key)
            : pick < mix.Get + mix.Put ? KvInput.Put(key, PutValue(client, index))
            : KvInput.Append(key, Token(client, index));
        long maxThinkMs = (long)scenario.MaxThinkTime.TotalMilliseconds;
        var think = TimeSpan.FromMilliseconds(maxThinkMs <= 0 ? 0 : random.Next((int)Math.Min(maxThinkMs + 1, int.MaxValue)));
        return (input, think);
    }

    /// <summary>The name of key number <paramref name="i"/>: "k0", "k1", ...</summary>
    public static string Key(int i) => "k" + i;

    /// <summary>The unique token that operation <paramref name="index"/> of <paramref name="client"/> appends: "[2.17]".</summary>
    public static string Token(int client, int index) => $"[{client}.{index}]";

    /// <summary>The unique value that operation <paramref name="index"/> of <paramref name="client"/> puts: "p2.17".</summary>
    public static string PutValue(int client, int index) => $"p{client}.{index}";
}
