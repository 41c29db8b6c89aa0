using FsCheck;
using FsCheck.Fluent;
using KvService.Model;
using LabRpc.Linearizability;

namespace LabRpc.Tests.Linearizability;

/// <summary>
/// Random KV histories that are linearizable by construction: operations run one after another
/// against a dictionary, each at its own instant, then each operation's interval is widened at
/// random around that instant.
/// </summary>
internal static class KvHistoryGenerator
{
    private const int Spacing = 10;

    /// <summary>A step of the sequential run: what was asked, and how far the interval reaches before and after its instant.</summary>
    public sealed record Step(KvInput Input, int Client, int Before, int After);

    public static Gen<KvInput> Inputs =>
        Gen.Elements("a", "b", "c").SelectMany(key => Gen.OneOf(
            Gen.Constant(KvInput.Get(key)),
            Gen.Choose(0, 99).Select(n => KvInput.Put(key, $"p{n};")),
            Gen.Choose(0, 99).Select(n => KvInput.Append(key, $"x{n};"))));

    public static Gen<Step> Steps =>
        from input in Inputs
        from client in Gen.Choose(0, 4)
        from before in Gen.Choose(0, 4 * Spacing)
        from after in Gen.Choose(0, 4 * Spacing)
        select new Step(input, client, before, after);

    public static Arbitrary<Step[]> Runs => Arb.From(Gen.Sized(size => Gen.ArrayOf(Steps, Math.Min(size, 40))));

    /// <summary>
    /// The same operations with clients reassigned so that each client's operations follow one
    /// another (a client waits for an answer before its next call), as real clients do.
    /// </summary>
    public static List<Operation<KvInput, KvOutput>> WithSequentialClients(IEnumerable<Operation<KvInput, KvOutput>> history)
    {
        var busyUntil = new List<long>();
        var result = new List<Operation<KvInput, KvOutput>>();
        foreach (var op in history.OrderBy(o => o.Call))
        {
            var client = busyUntil.FindIndex(t => t <= op.Call);
            if (client < 0)
            {
                client = busyUntil.Count;
                busyUntil.Add(0);
            }
            busyUntil[client] = op.Return ?? long.MaxValue;
            result.Add(op with { ClientId = client });
        }
        return result;
    }

    /// <summary>Runs the steps in order and records each with its output and widened interval.</summary>
    public static List<Operation<KvInput, KvOutput>> Execute(IEnumerable<Step> steps)
    {
        var store = new Dictionary<string, string>();
        var history = new List<Operation<KvInput, KvOutput>>();
        var instant = 100;
        foreach (var step in steps)
        {
            instant += Spacing;
            var old = store.GetValueOrDefault(step.Input.Key, "");
            var output = step.Input.Op switch
            {
                KvOp.Get => new KvOutput(old),
                KvOp.Put => KvOutput.None,
                _ => new KvOutput(old), // the service returns the old value of an append
            };
            store[step.Input.Key] = step.Input.Op switch
            {
                KvOp.Get => old,
                KvOp.Put => step.Input.Value,
                _ => old + step.Input.Value,
            };
            history.Add(Operations.Completed(step.Client, step.Input, instant - step.Before, output, instant + step.After));
        }
        return history;
    }
}
