using KvService.Histories;
using KvService.Model;
using LabRpc.Linearizability;

namespace LabRpc.Tests.Linearizability;

public sealed class TimeoutTests
{
    // Without partitioning, the 10-client KV history takes a good fraction of a second: hard enough.
    private static readonly Lazy<IReadOnlyList<Operation<KvInput, KvOutput>>> Hard =
        new(() => KvHistoryReader.ReadFile(ReferenceHistories.PathOf("kv/c10-ok.txt")));

    [Test]
    public void AZeroTimeoutAnswersUnknown()
    {
        var result = LinearizabilityChecker.Check(KvModel.Unpartitioned, Hard.Value, new CheckOptions { Timeout = TimeSpan.Zero });
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Unknown));
        Assert.That(result.UnknownReason, Does.Contain("time limit"));
    }

    [Test]
    public void OneWorkerWithATimeLimitStopsAtItOnTheCallingThread()
    {
        // The sweep's form: one worker and a time limit. The search runs on the calling thread until a timer stops it; the
        // limit is a tenth of the time the check takes, so it runs out whatever the machine's load.
        int steps = 0;
        var counting = KvModel.Unpartitioned with
        {
            Step = (state, input, output) =>
            {
                steps++;
                if (steps % 1000 == 0) Thread.Sleep(1);
                return KvModel.Unpartitioned.Step(state, input, output);
            },
        };
        var result = LinearizabilityChecker.Check(counting, Hard.Value, new CheckOptions { MaxDegreeOfParallelism = 1, Timeout = TimeSpan.FromMilliseconds(50) });

        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Unknown));
        Assert.That(result.UnknownReason, Does.Contain("time limit"));
        Assert.That(LinearizabilityChecker.Check(KvModel.Unpartitioned, [.. Hard.Value.Take(20)], new CheckOptions { MaxDegreeOfParallelism = 1, Timeout = TimeSpan.FromMinutes(1) }).Outcome,
            Is.Not.EqualTo(CheckOutcome.Unknown), "a check that finishes in time decides");
    }

    [Test]
    public void AnAlreadyCancelledTokenAnswersUnknown()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var result = LinearizabilityChecker.Check(KvModel.Unpartitioned, Hard.Value, cancellationToken: cancelled.Token);
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Unknown));
        Assert.That(result.UnknownReason, Does.Contain("cancelled"));
    }

    [Test]
    public void CancellingDuringTheCheckAnswersUnknownPromptly()
    {
        // The token is cancelled from inside the search, after a thousand model steps: the search must take
        // no further step (promptness counted in steps, not in wall-clock time).
        using var cancel = new CancellationTokenSource();
        int steps = 0, stepsWhenCancelled = 0;
        var counting = KvModel.Unpartitioned with
        {
            Step = (state, input, output) =>
            {
                if (++steps == 1000)
                {
                    stepsWhenCancelled = steps;
                    cancel.Cancel();
                }
                return KvModel.Unpartitioned.Step(state, input, output);
            },
        };
        var result = LinearizabilityChecker.Check(counting, Hard.Value, new CheckOptions { ComputeLinearizations = true }, cancel.Token);
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Unknown));
        Assert.That(stepsWhenCancelled, Is.EqualTo(1000), "the search ended before it was cancelled: the history is not hard enough");
        Assert.That(steps - stepsWhenCancelled, Is.LessThanOrEqualTo(1), "the search went on after it was cancelled");
    }

    [Test]
    public void TheTimeoutHoldsEvenWhileAModelStepIsSlow()
    {
        // The one step blocks until the test releases it, after the check has returned: the check must answer
        // without waiting for it.
        using var release = new ManualResetEventSlim();
        bool stepFinished = false;
        var slow = Register.Model with
        {
            Step = (state, input, output) =>
            {
                release.Wait(TimeSpan.FromSeconds(30));
                Volatile.Write(ref stepFinished, true);
                return Register.Model.Step(state, input, output);
            },
        };
        var result = LinearizabilityChecker.Check(slow, [Register.Write(1, 0, 1)], new CheckOptions { Timeout = TimeSpan.FromMilliseconds(100) });
        bool finishedBeforeTheAnswer = Volatile.Read(ref stepFinished);
        release.Set();
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Unknown));
        Assert.That(finishedBeforeTheAnswer, Is.False, "the check waited for the slow step");
    }

    [Test]
    public void AGenerousTimeoutStillDecides() =>
        Assert.That(
            LinearizabilityChecker.Check(KvModel.Partitioned, Hard.Value, new CheckOptions { Timeout = TimeSpan.FromMinutes(1) }).Outcome,
            Is.EqualTo(CheckOutcome.Ok));

    [TestCase(1)]
    [TestCase(2)]
    public void TheFirstIllegalPartStopsTheOthers(int parallelism)
    {
        // Part 1 is the hard history (hundreds of milliseconds on its own); part 2, on another
        // key, is not linearizable at once. Searched a slice at a time, part 2 is found first.
        var hard = Hard.Value;
        Operation<KvInput, KvOutput>[] bad =
        [
            Operations.Completed(100, KvInput.Put("elsewhere", "1"), 0, KvOutput.None, 1),
            Operations.Completed(101, KvInput.Get("elsewhere"), 2, new KvOutput("2"), 3),
        ];
        // Part 1's steps are slowed down so that, however the two parts' threads are scheduled on a busy machine, part 1
        // cannot finish (it would take minutes) before part 2 is found illegal.
        var model = KvModel.Unpartitioned with
        {
            Partition = history => [history.Take(hard.Count), history.Skip(hard.Count)],
            Step = (state, input, output) =>
            {
                if (input.Key != "elsewhere") Thread.SpinWait(2000);
                return KvModel.Unpartitioned.Step(state, input, output);
            },
        };
        var result = LinearizabilityChecker.Check(
            model, [.. hard, .. bad], new CheckOptions { MaxDegreeOfParallelism = parallelism, Timeout = TimeSpan.FromMinutes(1) });
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Illegal));
        Assert.That(result.Partitions.Select(p => p.Outcome), Is.EqualTo(new[] { CheckOutcome.Unknown, CheckOutcome.Illegal }));
    }
}
