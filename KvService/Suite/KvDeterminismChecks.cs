using System.Globalization;
using KvService.Contract;
using KvService.Harness;
using LabRpc;

namespace KvService.Suite;

/// <summary>
/// The suite's seeds replay a run only if the implementation is deterministic: everything it does must come from the
/// simulation (its random source, its clock, its scheduler). This check runs one representative workload twice with the
/// same seed, in this process, and compares the simulations' trace hashes after every operation: a difference fails the
/// check, naming the first operation after which the two runs differ and what usually causes it.
/// </summary>
public static class KvDeterminismChecks
{
    private const int Clients = 3;
    private const int OperationsPerClient = 30;

    /// <summary>What usually makes a KV implementation nondeterministic.</summary>
    public const string UsualCauses =
        "Usual causes: Random.Shared or new Random() (use runtime.Random), Guid.NewGuid(), DateTime.Now, Stopwatch or " +
        "Environment.TickCount (use runtime.Time), Task.Delay or timers without the runtime's " +
        "TimeProvider (use runtime.Delay), Task.Run or threads (use runtime.Go), iterating a HashSet or Dictionary keyed by objects that " +
        "have no GetHashCode of their own (or by strings, whose hash codes change from process to process), and static state " +
        "that carries over from one run to the next.";

    /// <summary>Three clerks put, append and get on two keys, on labrpc's unreliable network with some requests duplicated,
    /// while the server crashes at a random time; twice, from the same seed. Both runs must be the same.</summary>
    public static string SameSeedSameRun(IKvImplementation implementation, ulong seed, TextWriter output)
    {
        var limit = KvTimeLimit.Start("same seed, same run");
        var first = Run(implementation, seed, output, limit, "first run");
        var second = Run(implementation, seed, null, limit, "second run");
        for (int i = 0; i < Math.Min(first.Steps.Count, second.Steps.Count); i++)
        {
            if (first.Steps[i] != second.Steps[i])
            {
                string where = first.Steps[i].Same(second.Steps[i])
                    ? Describe(first.Steps[i])
                    : $"{Describe(first.Steps[i])} in the first run, {Describe(second.Steps[i])} in the second";
                KvChecks.Fail(
                    $"the implementation is nondeterministic: two runs of seed {seed} differ by the end of {where} (trace hashes " +
                    $"{first.Steps[i].Hash:x16} and {second.Steps[i].Hash:x16}). A failure it shows could not be replayed from its seed. {UsualCauses}");
            }
        }
        if (first.Steps.Count != second.Steps.Count || first.FinalHash != second.FinalHash)
        {
            KvChecks.Fail(
                $"the implementation is nondeterministic: two runs of seed {seed} did the same operations but ended differently " +
                $"({first.Steps.Count} and {second.Steps.Count} operations, trace hashes {first.FinalHash:x16} and {second.FinalHash:x16}). {UsualCauses}");
        }
        return first.Line;
    }

    private static string Describe(Step step) => string.Create(CultureInfo.InvariantCulture,
        $"clerk {step.Clerk}'s operation {step.Index + 1} ({step.What}, done at {step.Time.TotalMilliseconds:0.###} ms virtual)");

    private static Outcome Run(IKvImplementation implementation, ulong seed, TextWriter? output, KvTimeLimit limit, string which)
    {
        using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Output = output });
        var sim = cluster.Simulation;
        cluster.Network.Faults = FaultProfile.Unreliable with { DuplicateRate = 0.1 };
        var clerks = cluster.MakeClerks(Clients);
        var steps = new List<Step>();
        cluster.Begin("same seed, same run");
        sim.Run(async () =>
        {
            sim.Go(async () =>
            {
                await sim.Delay(TimeSpan.FromMilliseconds(sim.Random.Next(20, 120)));
                cluster.CrashServerFor(TimeSpan.FromMilliseconds(sim.Random.Next(1, 50)));
            }, "crasher");
            var tasks = new Task[Clients];
            for (int c = 0; c < Clients; c++)
            {
                int clerk = c;
                tasks[c] = sim.Spawn(async () =>
                {
                    var ck = clerks[clerk];
                    for (int i = 0; i < OperationsPerClient; i++)
                    {
                        limit.Check(steps.Count, Clients * OperationsPerClient, $"operations of the {which} done");
                        string key = "k" + sim.Random.Next(2).ToString(CultureInfo.InvariantCulture);
                        string what;
                        switch (sim.Random.Next(3))
                        {
                            case 0:
                                what = $"Get({key}) = {KvText.Short(await ck.GetAsync(key))}";
                                break;
                            case 1:
                                string value = KvText.Element(clerk, i);
                                await ck.PutAsync(key, value);
                                what = $"Put({key}, {value})";
                                break;
                            default:
                                string element = KvText.Element(clerk, i);
                                what = $"Append({key}, {element}) = {KvText.Short(await ck.AppendAsync(key, element))}";
                                break;
                        }
                        steps.Add(new Step(clerk, i, what, sim.Elapsed, sim.TraceHash));
                        await KvChecks.ThinkTime(sim);
                    }
                }, $"client {clerk}");
            }
            await Task.WhenAll(tasks);
        });
        return new Outcome(steps, sim.TraceHash, cluster.End());
    }

    private readonly record struct Step(int Clerk, int Index, string What, TimeSpan Time, ulong Hash)
    {
        public bool Same(Step other) => (Clerk, Index, What, Time) == (other.Clerk, other.Index, other.What, other.Time);
    }

    private sealed record Outcome(List<Step> Steps, ulong FinalHash, string Line);
}
