using KvService.Harness;
using KvService.Model;
using KvService.Reference;
using KvService.Scenarios;
using LabRpc.Linearizability;

namespace LabRpc.Benchmarks.Linearizability;

/// <summary>
/// Histories of a hot key, recorded from the simulator: the reference server on labrpc's unreliable network, every client
/// running its operations on the same few keys (Get, Put and Append as the scenarios' workload draws them, with its
/// unique Put values and Append tokens), so that many operations overlap on one key. Optionally one read is then made
/// stale or garbage, and a deadline can cut the run short so that the operations in flight have unknown outcomes.
/// </summary>
public static class HotKeyHistories
{
    /// <summary>What to do to a recorded history.</summary>
    public enum Mutation
    {
        /// <summary>Nothing: the history the reference server made (linearizable).</summary>
        None,

        /// <summary>One late read returns a value that an acknowledged write had already replaced.</summary>
        Stale,

        /// <summary>One late read returns a value that no sequence of writes produces.</summary>
        Garbage,
    }

    /// <summary>Records a history: <paramref name="clients"/> clients × <paramref name="operations"/> operations on
    /// <paramref name="keys"/> keys, get : put : append as <paramref name="mix"/>; the run stops at
    /// <paramref name="deadline"/> if given (operations still in flight then have unknown outcomes).</summary>
    public static IReadOnlyList<Operation<KvInput, KvOutput>> Record(
        int clients, int operations, int keys, ulong seed, OperationMix mix, TimeSpan? deadline = null)
    {
        using var cluster = new KvCluster(new ReferenceKv(), seed, new KvClusterOptions { Unreliable = true, RecordHistory = true });
        var clerks = cluster.MakeClerks(clients);
        var sim = cluster.Simulation;
        var scenario = new Scenario { Seed = seed, Keys = keys, Mix = mix, MaxThinkTime = TimeSpan.FromMilliseconds(20) };
        sim.Run(async () =>
        {
            var tasks = new Task[clients];
            for (var c = 0; c < clients; c++)
            {
                var client = c;
                tasks[c] = sim.Spawn(async () =>
                {
                    for (var i = 0; i < operations; i++)
                    {
                        var (input, think) = Workload.Step(scenario, client, i);
                        await sim.Delay(think);
                        var ck = clerks[client];
                        _ = input.Op switch
                        {
                            KvOp.Get => await ck.GetAsync(input.Key),
                            KvOp.Put => await Put(ck, input),
                            _ => await ck.AppendAsync(input.Key, input.Value),
                        };
                    }
                });
            }
            var all = Task.WhenAll(tasks);
            if (deadline is { } d)
            {
                await Task.WhenAny(all, sim.Delay(d));
            }
            else
            {
                await all;
            }
        });
        return cluster.History!.ToOperations();
    }

    /// <summary>The history with one late read changed as <paramref name="mutation"/> says; throws if no read fits.</summary>
    public static IReadOnlyList<Operation<KvInput, KvOutput>> Mutate(IReadOnlyList<Operation<KvInput, KvOutput>> history, Mutation mutation)
    {
        if (mutation == Mutation.None)
        {
            return history;
        }
        var ops = history.ToList();
        // The latest read (by return) that can be changed: for a stale value, an earlier read whose value a known
        // write replaced entirely between that read and this one.
        foreach (var i in Enumerable.Range(0, ops.Count).Where(i => ops[i].Input.Op == KvOp.Get && ops[i].IsOutcomeKnown)
                     .OrderByDescending(i => ops[i].Return))
        {
            var read = ops[i];
            if (mutation == Mutation.Garbage)
            {
                ops[i] = read with { Output = new KvOutput(read.Output!.Value + "[garbage]") };
                return ops;
            }
            var stale = ops.FirstOrDefault(old => old.Input.Op == KvOp.Get && old.IsOutcomeKnown && old.Input.Key == read.Input.Key
                && old.Output!.Value != read.Output!.Value
                && ops.Any(w => w.Input.Op != KvOp.Get && w.IsOutcomeKnown && w.Input.Key == read.Input.Key
                    && w.Call > old.Return && w.Return < read.Call));
            if (stale is not null)
            {
                ops[i] = read with { Output = stale.Output };
                return ops;
            }
        }
        throw new InvalidOperationException($"No read in the history can be made {mutation.ToString().ToLowerInvariant()}.");
    }

    private static async Task<string> Put(ClusterClerk clerk, KvInput input)
    {
        await clerk.PutAsync(input.Key, input.Value);
        return "";
    }
}
