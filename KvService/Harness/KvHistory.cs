using KvService.Model;
using LabRpc;
using LabRpc.Linearizability;

namespace KvService.Harness;

/// <summary>
/// The operations a cluster's clerks performed, for the linearizability checker, as they happen: a call is recorded when
/// it is made and its return when it comes, so nothing is lost if the run fails. Times are nanoseconds — virtual in a
/// simulation, monotonic (not wall-clock) in a real run — nudged so that every event has its own time in the order the
/// events happened (several happen at one virtual instant when nothing delays them). An operation that has not
/// returned, or whose clerk threw, has an unknown outcome. Clerks of a real run record from several threads at once.
/// </summary>
public sealed class KvHistory
{
    private const long NanosecondsPerTick = 100;

    private readonly List<Entry> _entries = [];
    private readonly Func<long> _now;
    private readonly Lock _lock = new();
    private long _lastStamp;

    internal KvHistory(Simulation simulation) => _now = () => simulation.Elapsed.Ticks * NanosecondsPerTick;

    /// <summary>A history whose times come from <paramref name="nanoseconds"/>: a monotonic clock, for a real run.</summary>
    public KvHistory(Func<long> nanoseconds) => _now = nanoseconds ?? throw new ArgumentNullException(nameof(nanoseconds));

    /// <summary>Operations recorded, returned or not.</summary>
    public int Count
    {
        get { lock (_lock) return _entries.Count; }
    }

    /// <summary>The operation <paramref name="token"/> as the checker takes it.</summary>
    public Operation<KvInput, KvOutput> this[int token]
    {
        get { lock (_lock) return _entries[token].ToOperation(); }
    }

    /// <summary>Records the call of an operation now; returns the token to pass to <see cref="Return"/>.</summary>
    public int Call(int client, KvInput input)
    {
        lock (_lock)
        {
            _entries.Add(new Entry(client, input, Stamp(), null, -1, Threw: false));
            return _entries.Count - 1;
        }
    }

    /// <summary>Records the answer to the operation <paramref name="token"/>, now.</summary>
    public void Return(int token, KvOutput output)
    {
        lock (_lock) _entries[token] = _entries[token] with { Output = output, ReturnTime = Stamp() };
    }

    /// <summary>Records that the clerk threw instead of answering: the operation's outcome stays unknown.</summary>
    public void Threw(int token)
    {
        lock (_lock) _entries[token] = _entries[token] with { Threw = true };
    }

    /// <summary>True when the operation returned or its clerk threw.</summary>
    public bool IsFinished(int token)
    {
        lock (_lock) return _entries[token] is { Output: not null } or { Threw: true };
    }

    /// <summary>The history as the checker takes it.</summary>
    public IReadOnlyList<Operation<KvInput, KvOutput>> ToOperations()
    {
        lock (_lock) return _entries.Select(e => e.ToOperation()).ToList();
    }

    /// <summary>
    /// Checks the history for linearizability with the KV model. A violation throws <see cref="KvCheckFailedException"/>
    /// naming an HTML picture of the history (written to the temp folder as <c>{fileStem}-{count}ops.html</c>, titled
    /// <paramref name="title"/>). A check that runs out of time throws too, saying the result is unknown: 6.824 passes
    /// such a history, and a verdict here is never a guess.
    /// </summary>
    public CheckResult<KvInput, KvOutput> CheckLinearizable(string title, string fileStem, TimeSpan? timeout = null)
    {
        var result = LinearizabilityChecker.Check(KvModel.Partitioned, ToOperations(),
            new CheckOptions { Timeout = timeout ?? TimeSpan.FromSeconds(10), ComputeLinearizations = true });
        if (result.Outcome == CheckOutcome.Illegal)
        {
            string path = Path.Combine(Path.GetTempPath(), $"{fileStem}-{Count}ops.html");
            string where;
            try
            {
                HistoryVisualizer.WriteHtml(KvModel.Partitioned, result, path, title);
                where = $"; the history is drawn in {path}";
            }
            catch (IOException error)
            {
                where = $" (the picture could not be written: {error.Message})";
            }
            throw new KvCheckFailedException($"history is not linearizable ({Count} operations){where}");
        }
        if (result.Outcome == CheckOutcome.Unknown)
        {
            throw new KvCheckFailedException(
                $"the linearizability check of {Count} operations could not decide ({result.UnknownReason}): the result is unknown, " +
                "not a pass. Give the check more time, or make the test's history smaller.")
            {
                Unknown = true,
            };
        }
        return result;
    }

    /// <summary>Now in nanoseconds, nudged past the last event recorded.</summary>
    private long Stamp() => _lastStamp = Math.Max(_lastStamp + 1, _now());

    private readonly record struct Entry(int Client, KvInput Input, long CallTime, KvOutput? Output, long ReturnTime, bool Threw)
    {
        public Operation<KvInput, KvOutput> ToOperation() => Output is null
            ? Operations.Unknown<KvInput, KvOutput>(Client, Input, CallTime)
            : Operations.Completed(Client, Input, CallTime, Output, ReturnTime);
    }
}
