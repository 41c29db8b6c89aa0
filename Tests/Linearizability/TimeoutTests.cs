using System.Diagnostics;
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
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        var watch = Stopwatch.StartNew();
        var result = LinearizabilityChecker.Check(
            KvModel.Unpartitioned, Hard.Value, new CheckOptions { ComputeLinearizations = true }, cancel.Token);
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Unknown));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public void TheTimeoutHoldsEvenWhileAModelStepIsSlow()
    {
        using var release = new ManualResetEventSlim();
        var slow = Register.Model with
        {
            Step = (state, input, output) =>
            {
                release.Wait(TimeSpan.FromSeconds(30)); // a step that would take 30 s
                return Register.Model.Step(state, input, output);
            },
        };
        var watch = Stopwatch.StartNew();
        var result = LinearizabilityChecker.Check(slow, [Register.Write(1, 0, 1)], new CheckOptions { Timeout = TimeSpan.FromMilliseconds(100) });
        var elapsed = watch.Elapsed;
        release.Set();
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Unknown));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
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
        var model = KvModel.Unpartitioned with { Partition = history => [history.Take(hard.Count), history.Skip(hard.Count)] };
        var result = LinearizabilityChecker.Check(
            model, [.. hard, .. bad], new CheckOptions { MaxDegreeOfParallelism = parallelism, Timeout = TimeSpan.FromMinutes(1) });
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Illegal));
        Assert.That(result.Partitions.Select(p => p.Outcome), Is.EqualTo(new[] { CheckOutcome.Unknown, CheckOutcome.Illegal }));
    }
}
