using System.Diagnostics;
using System.Globalization;
using KvService.Harness;
using LabRpc;

namespace KvService.Suite;

/// <summary>
/// The wall-time limit of one check of the KV suite. A check reads the clock between operations (and other steps) and
/// stops with <see cref="KvCheckFailedException"/> once the limit has passed, saying how far it got: a server that is
/// correct but slow (one that saves its whole state on every operation) fails in bounded time with a message, instead of
/// running for a quarter of an hour in silence. A single step that never returns is the simulation's to report
/// (<see cref="SimulationBlockedException"/>). The limit is <see cref="DefaultLimit"/>, or <see cref="Variable"/>'s
/// seconds, or what <see cref="Override"/> sets for the calling test.
/// </summary>
public sealed class KvTimeLimit
{
    /// <summary>The environment variable that sets every check's limit, in seconds: <c>LABRPC_KV_TIME_LIMIT</c>.</summary>
    public const string Variable = "LABRPC_KV_TIME_LIMIT";

    /// <summary>The limit of a check unless <see cref="Variable"/> says otherwise: generous for a correct student server on
    /// a loaded two-core machine (the reference takes under a second for every check).</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(60);

    private static readonly AsyncLocal<TimeSpan?> Overridden = new();
    private static readonly AsyncLocal<string?> TestName = new();

    private readonly long _start = Stopwatch.GetTimestamp(); // outside the simulation: the check's wall-time limit; it only stops a check that ran too long, never steers a run

    private KvTimeLimit(string check, TimeSpan limit)
    {
        CheckName = check;
        Limit = limit;
    }

    /// <summary>The name of the check, for the message.</summary>
    public string CheckName { get; }

    /// <summary>How long the check may take.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Wall time since the check started.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start); // outside the simulation: the check's wall-time limit, as above

    /// <summary>The limit that checks started now on this flow get.</summary>
    public static TimeSpan Current =>
        Overridden.Value
        ?? (double.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : DefaultLimit);

    /// <summary>Starts the clock of a check; <paramref name="check"/> names it, unless the test that runs it was named
    /// (<see cref="Naming"/>).</summary>
    public static KvTimeLimit Start(string check) => new(TestName.Value ?? check, Current);

    /// <summary>Names the checks started on the calling flow after <paramref name="test"/> (the test that runs them) until
    /// the result is disposed.</summary>
    public static IDisposable Naming(string? test)
    {
        var previous = TestName.Value;
        TestName.Value = test;
        return new Scope(() => TestName.Value = previous);
    }

    /// <summary>Gives checks started on the calling flow <paramref name="limit"/> until the result is disposed (a test of the
    /// limit itself shrinks it).</summary>
    public static IDisposable Override(TimeSpan limit)
    {
        var previous = Overridden.Value;
        Overridden.Value = limit;
        return new Scope(() => Overridden.Value = previous);
    }

    /// <summary>Stops the check if its time is up: <paramref name="done"/> of <paramref name="total"/> <paramref name="what"/>
    /// (such as "clerks done").</summary>
    public void Check(long done, long total, string what)
    {
        if (Elapsed > Limit) Stop(string.Create(CultureInfo.InvariantCulture, $"{done:N0} of {total:N0} {what}"));
    }

    /// <summary>Stops the check if its time is up; <paramref name="progress"/> says how far it got.</summary>
    public void Check(Func<string> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (Elapsed > Limit) Stop(progress());
    }

    private void Stop(string progress)
    {
        string elapsed = Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        string limit = Limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        throw new KvCheckFailedException(
            $"{CheckName}: {progress} after {elapsed} s, the time limit ({limit} s; {Variable} sets it in seconds). " +
            "Is your server saving its whole state per operation, or doing work that grows with the store on every request?");
    }

    private sealed class Scope(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
