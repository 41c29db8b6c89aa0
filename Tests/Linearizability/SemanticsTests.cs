using LabRpc.Linearizability;
using static LabRpc.Tests.Linearizability.Register;

namespace LabRpc.Tests.Linearizability;

public sealed class SemanticsTests
{
    [TestCase(1)]
    [TestCase(2)]
    public void OverlappingOperationsMayBeOrderedEitherWay(int seen) =>
        Assert.That(Check(Write(1, 0, 10, client: 0), Write(2, 5, 15, client: 2), Read(seen, 20, 25)), Is.EqualTo(CheckOutcome.Ok));

    [Test]
    public void NonOverlappingOperationsMayNotBeReordered()
    {
        Assert.That(Check(Write(1, 0, 5, client: 0), Write(2, 10, 15, client: 2), Read(1, 20, 25)), Is.EqualTo(CheckOutcome.Illegal));
        Assert.That(Check(Write(1, 0, 5, client: 0), Write(2, 10, 15, client: 2), Read(2, 20, 25)), Is.EqualTo(CheckOutcome.Ok));
    }

    [Test]
    public void OperationsThatTouchAtOneInstantOverlap() =>
        Assert.That(Check(Write(1, 0, 10, client: 0), Write(2, 10, 20, client: 2), Read(1, 30, 40)), Is.EqualTo(CheckOutcome.Ok));

    [Test]
    public void AReadMustSeeTheLatestWriteBeforeIt()
    {
        Assert.That(Check(Write(3, 0, 5), Read(0, 1, 2)), Is.EqualTo(CheckOutcome.Ok), "a read overlapping the write may see the old value");
        Assert.That(Check(Write(3, 0, 5), Read(0, 6, 7)), Is.EqualTo(CheckOutcome.Illegal), "a read after the write may not");
    }

    [Test]
    public void AnOperationWithUnknownOutcomeMayTakeEffectLate() =>
        Assert.That(Check(Write(1, 0, 5), UnknownWrite(2, 10), Read(1, 20, 25), Read(2, 30, 35)), Is.EqualTo(CheckOutcome.Ok));

    [Test]
    public void AnOperationWithUnknownOutcomeMayNeverTakeEffect() =>
        Assert.That(Check(Write(1, 0, 5), UnknownWrite(2, 10), Read(1, 20, 25), Read(1, 30, 35)), Is.EqualTo(CheckOutcome.Ok));

    [Test]
    public void AnOperationWithUnknownOutcomeTakesEffectAtMostOnce() =>
        Assert.That(Check(Write(1, 0, 5), UnknownWrite(2, 10), Read(2, 20, 25), Read(1, 30, 35)), Is.EqualTo(CheckOutcome.Illegal));

    [Test]
    public void AnOperationWithUnknownOutcomeCannotTakeEffectBeforeItsCall() =>
        Assert.That(Check(Read(2, 0, 5), UnknownWrite(2, 10)), Is.EqualTo(CheckOutcome.Illegal));

    [Test]
    public void UnknownOutcomesNeedAModelThatCanStepThem()
    {
        var model = Model with { StepUnknown = null };
        Assert.That(() => LinearizabilityChecker.Check(model, [UnknownWrite(1, 0)]), Throws.ArgumentException.With.Message.Contains("StepUnknown"));
    }

    [Test]
    public void AnEmptyHistoryIsLinearizable()
    {
        Assert.That(Check(), Is.EqualTo(CheckOutcome.Ok));
        var partitioned = Model with { Partition = Partitions.ByKey<int?, int, int>(input => input ?? -1) };
        var result = LinearizabilityChecker.Check(partitioned, []);
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Ok));
        Assert.That(result.Partitions, Is.Empty);
    }

    [Test]
    public void OneClientMustSeeItsOwnWrites()
    {
        Assert.That(Check(Write(1, 0, 1, 0), Read(1, 2, 3, 0), Write(2, 4, 5, 0), Read(2, 6, 7, 0)), Is.EqualTo(CheckOutcome.Ok));
        Assert.That(Check(Write(1, 0, 1, 0), Read(1, 2, 3, 0), Write(2, 4, 5, 0), Read(1, 6, 7, 0)), Is.EqualTo(CheckOutcome.Illegal));
    }

    [Test]
    public void EventsAndOperationsGiveTheSameVerdict()
    {
        // Porcupine's register example: put(100) overlaps a read that sees 100 and one that sees 0.
        HistoryEvent<int?, int>[] ok =
        [
            HistoryEvents.Call<int?, int>(0, 0, 100), HistoryEvents.Call<int?, int>(1, 1, null), HistoryEvents.Call<int?, int>(2, 2, null),
            HistoryEvents.Return<int?, int>(2, 2, 0), HistoryEvents.Return<int?, int>(1, 1, 100), HistoryEvents.Return<int?, int>(0, 0, 0),
        ];
        HistoryEvent<int?, int>[] bad =
        [
            HistoryEvents.Call<int?, int>(0, 0, 200), HistoryEvents.Call<int?, int>(1, 1, null), HistoryEvents.Return<int?, int>(1, 1, 200),
            HistoryEvents.Call<int?, int>(2, 2, null), HistoryEvents.Return<int?, int>(2, 2, 0), HistoryEvents.Return<int?, int>(0, 0, 0),
        ];
        Assert.That(LinearizabilityChecker.CheckEvents(Model, ok).Outcome, Is.EqualTo(CheckOutcome.Ok));
        Assert.That(LinearizabilityChecker.CheckEvents(Model, bad).Outcome, Is.EqualTo(CheckOutcome.Illegal));
        Assert.That(Check(Write(100, 0, 100), Read(100, 25, 75), Read(0, 30, 60, client: 2)), Is.EqualTo(CheckOutcome.Ok));
        Assert.That(Check(Write(200, 0, 100), Read(200, 10, 30), Read(0, 40, 90, client: 2)), Is.EqualTo(CheckOutcome.Illegal));
    }

    [Test]
    public void ACallWithoutReturnEventHasAnUnknownOutcome()
    {
        var operations = Operations.FromEvents<int?, int>(
            [HistoryEvents.Call<int?, int>(0, 7, 5), HistoryEvents.Call<int?, int>(1, 8, null), HistoryEvents.Return<int?, int>(1, 8, 5)]);
        Assert.That(operations.Select(o => (o.IsOutcomeKnown, o.Call, o.Return)), Is.EqualTo(new[] { (false, 0L, (long?)null), (true, 1L, (long?)2) }));
        Assert.That(() => Operations.FromEvents<int?, int>([HistoryEvents.Return<int?, int>(1, 8, 5)]), Throws.ArgumentException);
    }

    [Test]
    public void PartsAreCheckedIndependently()
    {
        // One part per client: client 0 is fine on its own; client 1 reads 1 but nothing in its part wrote it.
        var partitioned = Model with { Partition = history => history.GroupBy(op => op.ClientId) };
        var result = LinearizabilityChecker.Check(partitioned, [Write(1, 0, 5, client: 0), Read(1, 10, 15, client: 0), Read(1, 10, 15, client: 1)]);
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Illegal));
        Assert.That(result.Partitions.Select(p => p.Outcome), Is.EqualTo(new[] { CheckOutcome.Ok, CheckOutcome.Illegal }));
        Assert.That(result.Partitions[1].HistoryIndexes, Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void APartitionMustPlaceEveryOperationOnce()
    {
        var dropping = Model with { Partition = history => [history.Skip(1)] };
        Assert.That(() => LinearizabilityChecker.Check(dropping, [Write(1, 0, 1), Write(2, 2, 3)]), Throws.ArgumentException);
    }

    [Test]
    public void TheLongestLinearizationAndWhatCannotFollowItAreReported()
    {
        // write(1) then read 1, then a read of 5 that nothing wrote.
        var history = new[] { Write(1, 0, 5), Read(1, 10, 15), Read(5, 20, 25), Write(5, 30, 35) };
        var result = LinearizabilityChecker.Check(Model, history, new CheckOptions { ComputeLinearizations = true });
        var part = result.Partitions.Single();
        Assert.That(part.Outcome, Is.EqualTo(CheckOutcome.Illegal));
        Assert.That(part.Linearizations[0], Is.EqualTo(new[] { 0, 1 }));
        Assert.That(part.RejectedNext, Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void ALinearizableHistoryReportsOneCompleteLinearization()
    {
        var result = LinearizabilityChecker.Check(Model, [Write(1, 0, 10), Read(0, 1, 2), Read(1, 11, 12)], new CheckOptions { ComputeLinearizations = true });
        Assert.That(result.Partitions.Single().Linearizations.Single(), Is.EqualTo(new[] { 1, 0, 2 }));
    }

    [Test]
    public void ANondeterministicModelIsResolvedByWhatIsObserved()
    {
        // "flip" sets the register to 0 or 1; reads then tell which.
        var coin = new NondeterministicModel<int, int?, int>
        {
            InitialStates = [0],
            Step = (state, input, output) => input is not null ? [0, 1] : output == state ? [state] : [],
        }.ToModel();
        Operation<int?, int> Flip(long call, long ret) => Operations.Completed<int?, int>(0, 1, call, 0, ret);
        Assert.That(LinearizabilityChecker.Check(coin, [Flip(0, 1), Read(1, 2, 3), Read(1, 4, 5)]).Outcome, Is.EqualTo(CheckOutcome.Ok));
        Assert.That(LinearizabilityChecker.Check(coin, [Flip(0, 1), Read(0, 2, 3), Read(1, 4, 5)]).Outcome, Is.EqualTo(CheckOutcome.Illegal));
        Assert.That(LinearizabilityChecker.Check(coin, [Flip(0, 1), Read(2, 2, 3)]).Outcome, Is.EqualTo(CheckOutcome.Illegal));
    }

    [Test]
    public void AModelThatThrowsFailsTheCheck()
    {
        var broken = Model with { Step = (_, _, _) => throw new InvalidOperationException("model bug") };
        Assert.That(() => LinearizabilityChecker.Check(broken, [Write(1, 0, 1)]), Throws.InvalidOperationException.With.Message.EqualTo("model bug"));
        Assert.That(
            () => LinearizabilityChecker.Check(broken, [Write(1, 0, 1)], new CheckOptions { Timeout = TimeSpan.FromSeconds(10) }),
            Throws.InvalidOperationException.With.Message.EqualTo("model bug"));
    }

    [Test]
    public void AnOperationThatReturnsBeforeItsCallIsRejected()
    {
        var backwards = Write(1, 10, 20) with { Return = 5 };
        Assert.That(() => LinearizabilityChecker.Check(Model, [backwards]), Throws.ArgumentException.With.Message.Contains("before it is called"));
        Assert.That(() => Write(1, 10, 5), Throws.ArgumentException);
    }
}
