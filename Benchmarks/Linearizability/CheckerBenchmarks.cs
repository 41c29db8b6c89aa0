using BenchmarkDotNet.Attributes;
using KvService.Histories;
using KvService.Model;
using LabRpc.Linearizability;

namespace LabRpc.Benchmarks.Linearizability;

/// <summary>
/// The inputs of Porcupine's benchmarks: every etcd Jepsen history, the slowest of them alone,
/// the 50-client KV histories partitioned by key, and the 10-client ones without partitioning;
/// and one hot key recorded from the simulator (<see cref="HotKeyHistories"/>: 100 and 1,000
/// clients × 20 puts and appends on labrpc's unreliable network), decided from its unique values.
/// <c>scripts/bench-checker-go.sh</c> times these and more beside Porcupine.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CheckerBenchmarks
{
    private List<IReadOnlyList<Operation<RegisterInput, RegisterOutput>>> etcd = [];
    private IReadOnlyList<Operation<RegisterInput, RegisterOutput>> etcd002 = [];
    private IReadOnlyList<Operation<KvInput, KvOutput>> c50Ok = [];
    private IReadOnlyList<Operation<KvInput, KvOutput>> c50Bad = [];
    private IReadOnlyList<Operation<KvInput, KvOutput>> c10Ok = [];
    private IReadOnlyList<Operation<KvInput, KvOutput>> c10Bad = [];
    private IReadOnlyList<Operation<KvInput, KvOutput>> hot100 = [];
    private IReadOnlyList<Operation<KvInput, KvOutput>> hot1000 = [];

    [GlobalSetup]
    public void Setup()
    {
        var histories = Path.Combine(FindRoot(), "data", "histories");
        etcd = [.. Directory.GetFiles(Path.Combine(histories, "jepsen"), "etcd_*.log")
            .Where(f => new FileInfo(f).Length > 0)
            .Order(StringComparer.Ordinal)
            .Select(JepsenLogReader.ReadFile)];
        etcd002 = JepsenLogReader.ReadFile(Path.Combine(histories, "jepsen", "etcd_002.log"));
        c50Ok = KvHistoryReader.ReadFile(Path.Combine(histories, "kv", "c50-ok.txt"));
        c50Bad = KvHistoryReader.ReadFile(Path.Combine(histories, "kv", "c50-bad.txt"));
        c10Ok = KvHistoryReader.ReadFile(Path.Combine(histories, "kv", "c10-ok.txt"));
        c10Bad = KvHistoryReader.ReadFile(Path.Combine(histories, "kv", "c10-bad.txt"));
        var putsAndAppends = new KvService.Scenarios.OperationMix(0, 1, 1);
        hot100 = HotKeyHistories.Record(clients: 100, operations: 20, keys: 1, seed: 3, putsAndAppends);
        hot1000 = HotKeyHistories.Record(clients: 1000, operations: 20, keys: 1, seed: 3, putsAndAppends);
    }

    [Benchmark(Description = "all 102 etcd histories")]
    public int AllEtcd()
    {
        var illegal = 0;
        foreach (var history in etcd)
        {
            illegal += Expect(LinearizabilityChecker.Check(CasRegisterModel.Model, history).Outcome, null);
        }
        return illegal;
    }

    [Benchmark(Description = "etcd_002")]
    public int Etcd002() => Expect(LinearizabilityChecker.Check(CasRegisterModel.Model, etcd002).Outcome, CheckOutcome.Ok);

    [Benchmark(Description = "c50-ok")]
    public int C50Ok() => Expect(LinearizabilityChecker.Check(KvModel.Partitioned, c50Ok).Outcome, CheckOutcome.Ok);

    [Benchmark(Description = "c50-bad")]
    public int C50Bad() => Expect(LinearizabilityChecker.Check(KvModel.Partitioned, c50Bad).Outcome, CheckOutcome.Illegal);

    [Benchmark(Description = "c10-ok, no partitioning")]
    public int C10OkNoPartition() => Expect(LinearizabilityChecker.Check(KvModel.Unpartitioned, c10Ok).Outcome, CheckOutcome.Ok);

    [Benchmark(Description = "c10-bad, no partitioning")]
    public int C10BadNoPartition() => Expect(LinearizabilityChecker.Check(KvModel.Unpartitioned, c10Bad).Outcome, CheckOutcome.Illegal);

    [Benchmark(Description = "hot key, 100 clients × 20")]
    public int HotKey100() => Expect(LinearizabilityChecker.Check(KvModel.Partitioned, hot100).Outcome, CheckOutcome.Ok);

    [Benchmark(Description = "hot key, 1,000 clients × 20")]
    public int HotKey1000() => Expect(LinearizabilityChecker.Check(KvModel.Partitioned, hot1000).Outcome, CheckOutcome.Ok);

    private static int Expect(CheckOutcome outcome, CheckOutcome? expected)
    {
        if (outcome == CheckOutcome.Unknown || (expected is { } e && outcome != e))
        {
            throw new InvalidOperationException($"Unexpected verdict {outcome}.");
        }
        return outcome == CheckOutcome.Illegal ? 1 : 0;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LabRpc.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("No folder holding LabRpc.sln above " + AppContext.BaseDirectory);
    }
}
