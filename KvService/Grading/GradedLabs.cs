using KvService.Contract;
using KvService.Contract.PrimaryBackup;
using KvService.Exploration;
using KvService.Harness;
using KvService.PrimaryBackup.Implementations;
using KvService.PrimaryBackup.Scenarios;
using KvService.PrimaryBackup.Suite;
using KvService.Scenarios;
using KvService.Suite;
using LabRpc.Raft;
using LabRpc.Raft.Harness;
using LabRpc.Raft.Suite;
using LabRpc.Raft.Tester;

namespace KvService.Grading;

/// <summary>The labs a rubric may name (<c>"lab"</c>): the KV service (the default), primary/backup and Raft.</summary>
public static class GradedLabs
{
    /// <summary>The KV lab: its suite, its scenario groups (with their fault mix), and its exploration.</summary>
    public static IGradedLab Kv { get; } = new GradedLab<IKvImplementation, Scenario, Verdict>(
        "kv",
        [.. KvSuiteTests.All.Select(t => (t.Group, t.Name, t.Seed, (Action<IKvImplementation, ulong>)((impl, seed) => t.Run(impl, seed, TextWriter.Null))))],
        KvSuiteTests.Groups,
        assembly => KvImplementations.Resolve(assembly, "the submission"),
        (impl, group, memory) => new KvLab(impl, RunOptions.Default with { MaxManagedMemory = memory }, group.Space()),
        GradeWorker.RunExploration);

    /// <summary>The primary/backup lab: its suite and its scenario groups (the lab draws its own faults).</summary>
    public static IGradedLab Pb { get; } = new GradedLab<IPbImplementation, PbScenario, PbVerdict>(
        "pb",
        [.. PbSuiteTests.All.Select(t => (t.Group, t.Name, t.Seed, (Action<IPbImplementation, ulong>)((impl, seed) => t.Run(impl, seed, TextWriter.Null))))],
        PbSuiteTests.Groups,
        assembly => PbImplementations.Resolve(assembly),
        (impl, _, _) => new PbLab(impl));

    /// <summary>The Raft lab: its suite alone (3A-3D), whose tester checks Raft's invariants at every step.</summary>
    public static IGradedLab Raft { get; } = new GradedSuiteLab<IRaftImplementation>(
        "raft",
        [.. RaftSuiteTests.All.Select(t => (t.Group, t.Name, t.Seed, (Action<IRaftImplementation, ulong>)((impl, seed) => RunRaft(t, impl, seed))))],
        RaftSuiteTests.Groups,
        LoadRaft);

    /// <summary>Every lab, by name.</summary>
    public static IReadOnlyList<IGradedLab> All { get; } = [Kv, Pb, Raft];

    /// <summary>The lab named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No lab has that name.</exception>
    public static IGradedLab Of(string name) => All.FirstOrDefault(l => l.Name == name)
        ?? throw new ArgumentException($"There is no lab '{name}'; there are {string.Join(", ", All.Select(l => l.Name))}.", nameof(name));

    private static IRaftImplementation LoadRaft(string assembly)
    {
        try
        {
            return RaftImplementations.Resolve(assembly);
        }
        catch (ArgumentException e)
        {
            throw new KvImplementationException(e.Message, e);
        }
    }

    /// <summary>Runs a Raft suite test with the grader's trace hashes and failures: a failed check or a broken invariant
    /// fails the test with the tester's own words.</summary>
    private static void RunRaft(RaftSuiteTest test, IRaftImplementation implementation, ulong seed)
    {
        var hashes = new List<ulong>();
        try
        {
            using (RaftTraceHashes.Record(hashes)) test.Run(implementation, seed, TextWriter.Null);
        }
        catch (Exception e) when (e is RaftCheckException or RaftInvariantException)
        {
            throw new KvCheckFailedException(e.Message);
        }
        finally
        {
            foreach (ulong hash in hashes) Labs.TraceHashes.Ended(hash);
        }
    }
}
