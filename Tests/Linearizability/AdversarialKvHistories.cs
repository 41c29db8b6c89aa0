using KvService.Model;
using LabRpc.Linearizability;

namespace LabRpc.Tests.Linearizability;

/// <summary>
/// Small KV histories for differential testing of the decision from unique values against the search: a few clients on
/// one or two keys, times on a small scale (so that operations overlap and touch), run against a correct store at a
/// random instant inside each operation's interval, then, in most histories, spoiled the ways a broken server spoils
/// them: a stale read, a read from the future, a garbage read, a lost or duplicated append, an append's wrong old value,
/// two reads swapped, an unknown outcome that took effect twice. Some histories leave the class on purpose (a value
/// written twice, an empty or ambiguous value), and some outputs are drawn at random.
/// </summary>
internal static class AdversarialKvHistories
{
    private enum Spoil
    {
        None,
        StaleRead,
        FutureRead,
        GarbageRead,
        PartialToken,
        LostAppend,
        DuplicatedAppend,
        WrongOldValue,
        SwappedReads,
        RandomOutputs,
        TwiceWritten,
        AmbiguousPut,
        EmptyPut,
    }

    private sealed class Planned
    {
        public required int Client { get; init; }
        public required KvInput Input { get; init; }
        public required long Call { get; init; }
        public long? Return { get; set; }
        public double Instant { get; set; } // when it takes effect; NaN: never (an unknown outcome)
        public KvOutput? Output { get; set; }
        public bool RecordOld { get; init; }
    }

    /// <summary>One history, drawn from <paramref name="random"/>.</summary>
    public static List<Operation<KvInput, KvOutput>> Generate(DeterministicRandom random)
    {
        var spoils = Enum.GetValues<Spoil>();
        var spoil = random.Chance(0.25) ? Spoil.None : spoils[random.Next(spoils.Length)];
        var second = random.Chance(0.2) ? spoils[random.Next(spoils.Length)] : Spoil.None;
        var keys = random.Chance(0.8) ? 1 : 2;
        var clients = random.Next(1, 5);
        var perClient = random.Next(1, 6);
        var unknownRate = random.Chance(0.5) ? 0.0 : random.NextDouble() * 0.3;
        var counter = 0;
        var planned = new List<Planned>();
        for (var c = 0; c < clients; c++)
        {
            long t = random.Next(0, 4);
            for (var j = 0; j < perClient; j++)
            {
                var key = "k" + random.Next(keys);
                var n = counter++;
                var input = random.Next(3) switch
                {
                    0 => KvInput.Get(key),
                    1 => KvInput.Put(key, $"p{n}"),
                    _ => KvInput.Append(key, $"[{n}]"),
                };
                var op = new Planned { Client = c, Input = input, Call = t, RecordOld = random.Chance(0.8) };
                if (random.Chance(unknownRate))
                {
                    op.Instant = random.Chance(0.5) ? double.NaN : t + (random.NextDouble() * 12);
                    planned.Add(op);
                    t += random.Next(0, 3);
                    continue;
                }
                op.Return = t + random.Next(0, 6);
                op.Instant = t + (random.NextDouble() * (op.Return.Value - t));
                planned.Add(op);
                t = op.Return.Value + random.Next(0, 3);
            }
        }
        Prepare(planned, spoil, random);
        Prepare(planned, second, random);
        Execute(planned, spoil, second, random);
        return [.. planned.Select(p => p.Return is { } r
            ? Operations.Completed(p.Client, p.Input, p.Call, p.Output!, r)
            : Operations.Unknown<KvInput, KvOutput>(p.Client, p.Input, p.Call))];
    }

    /// <summary>Spoils that change the inputs: values written twice, empty or ambiguous.</summary>
    private static void Prepare(List<Planned> planned, Spoil spoil, DeterministicRandom random)
    {
        var writes = planned.Select((p, i) => (p, i)).Where(x => x.p.Input.Op != KvOp.Get).ToList();
        if (writes.Count == 0)
        {
            return;
        }
        var (target, index) = writes[random.Next(writes.Count)];
        switch (spoil)
        {
            case Spoil.TwiceWritten when writes.Count >= 2:
                var (source, _) = writes[random.Next(writes.Count)];
                planned[index] = Copy(target, target.Input with { Value = source.Input.Value, Key = source.Input.Key });
                break;
            case Spoil.AmbiguousPut when target.Input.Op == KvOp.Put:
                // "p3" followed by a token of its key, also put as one value: "p3[5]" can be cut two ways.
                var token = writes.Select(w => w.p.Input).FirstOrDefault(i => i.Op == KvOp.Append && i.Key == target.Input.Key);
                var put = writes.Select(w => w.p.Input).FirstOrDefault(i => i.Op == KvOp.Put && i.Key == target.Input.Key && i != target.Input);
                if (token is not null && put is not null)
                {
                    planned[index] = Copy(target, target.Input with { Value = put.Value + token.Value });
                }
                break;
            case Spoil.EmptyPut when target.Input.Op == KvOp.Put:
                planned[index] = Copy(target, target.Input with { Value = "" });
                break;
        }
    }

    private static Planned Copy(Planned p, KvInput input) => new()
    {
        Client = p.Client, Input = input, Call = p.Call, Return = p.Return, Instant = p.Instant, RecordOld = p.RecordOld,
    };

    /// <summary>Runs the operations in the order of their instants against a store, then spoils outputs.</summary>
    private static void Execute(List<Planned> planned, Spoil spoil, Spoil second, DeterministicRandom random)
    {
        var store = new Dictionary<string, string>();
        var states = new Dictionary<string, List<string>> { ["k0"] = [""], ["k1"] = [""] };
        var order = planned.Where(p => !double.IsNaN(p.Instant)).OrderBy(p => p.Instant).ToList();
        var appends = order.Where(p => p.Input.Op == KvOp.Append && p.Return is not null).ToList();
        var lost = Has(spoil, second, Spoil.LostAppend) && appends.Count > 0 ? appends[random.Next(appends.Count)] : null;
        var doubled = Has(spoil, second, Spoil.DuplicatedAppend) && appends.Count > 0 ? appends[random.Next(appends.Count)] : null;
        // An unknown append that took effect twice: the server applied a retry again.
        var unknownTwice = doubled is null && Has(spoil, second, Spoil.DuplicatedAppend)
            ? order.FirstOrDefault(p => p.Input.Op == KvOp.Append && p.Return is null)
            : null;
        foreach (var op in order)
        {
            var key = op.Input.Key;
            var value = store.GetValueOrDefault(key, "");
            switch (op.Input.Op)
            {
                case KvOp.Get:
                    op.Output = new KvOutput(value);
                    break;
                case KvOp.Put:
                    op.Output = KvOutput.None;
                    store[key] = op.Input.Value;
                    break;
                default:
                    op.Output = op.RecordOld ? new KvOutput(value) : KvOutput.None;
                    if (op != lost)
                    {
                        store[key] = value + op.Input.Value + (op == doubled || op == unknownTwice ? op.Input.Value : "");
                    }
                    break;
            }
            states[key].Add(store.GetValueOrDefault(key, ""));
        }
        SpoilOutputs(planned, spoil, states, random);
        SpoilOutputs(planned, second, states, random);
    }

    private static bool Has(Spoil a, Spoil b, Spoil wanted) => a == wanted || b == wanted;

    private static void SpoilOutputs(List<Planned> planned, Spoil spoil, Dictionary<string, List<string>> states, DeterministicRandom random)
    {
        var reads = planned.Where(p => p.Return is not null && p.Input.Op == KvOp.Get).ToList();
        var observers = planned.Where(p => p.Return is not null && p.Output?.Value is not null && p.Input.Op != KvOp.Put).ToList();
        if (observers.Count == 0)
        {
            return;
        }
        var target = observers[random.Next(observers.Count)];
        var seen = states[target.Input.Key];
        var at = Math.Max(0, seen.IndexOf(target.Output!.Value!));
        switch (spoil)
        {
            case Spoil.StaleRead when at > 0:
                target.Output = new KvOutput(seen[random.Next(at)]);
                break;
            case Spoil.FutureRead when at + 1 < seen.Count:
                target.Output = new KvOutput(seen[random.Next(at + 1, seen.Count)]);
                break;
            case Spoil.GarbageRead:
                target.Output = new KvOutput(random.Next(3) switch
                {
                    0 => target.Output.Value + "[x]",
                    1 => "junk",
                    _ => "[" + target.Output.Value,
                });
                break;
            case Spoil.PartialToken when target.Output.Value!.Length > 1:
                target.Output = new KvOutput(target.Output.Value[..^1]);
                break;
            case Spoil.WrongOldValue when target.Input.Op == KvOp.Append:
                target.Output = new KvOutput(seen[random.Next(seen.Count)]);
                break;
            case Spoil.SwappedReads when reads.Count >= 2:
                var other = reads[random.Next(reads.Count)];
                (target.Output, other.Output) = (other.Output, target.Output);
                break;
            case Spoil.RandomOutputs:
                foreach (var op in observers.Where(_ => random.Chance(0.5)))
                {
                    var pool = states[op.Input.Key];
                    op.Output = new KvOutput(pool[random.Next(pool.Count)]);
                }
                break;
        }
    }
}
