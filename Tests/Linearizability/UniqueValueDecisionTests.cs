using KvService.Model;
using LabRpc.Linearizability;

namespace LabRpc.Tests.Linearizability;

/// <summary>The decision from unique values (<see cref="AppendRegister{TInput, TOutput}"/>), on one key "k" of the KV model.</summary>
public sealed class UniqueValueDecisionTests
{
    private static readonly Model<KvValue, KvInput, KvOutput> SearchOnly = KvModel.Partitioned with { AppendRegister = null };

    [Test]
    public void AStaleReadAfterAnAcknowledgedPutIsAViolation()
    {
        var part = Check(Put("p1", 0, 10, client: 1), Put("p2", 12, 15, client: 2), Get("p1", 20, 25, client: 3));
        AssertDecidedIllegal(part, "cannot be ordered");
        Assert.That(part.Explanation, Does.Contain("put(\"k\", \"p2\") (client 2) returned before get(\"k\") → \"p1\" (client 3) was called"));
        Assert.That(part.Involved, Is.EquivalentTo(new[] { 0, 1, 2 }));
    }

    [Test]
    public void AStaleReadAfterAnAcknowledgedAppendIsAViolation()
    {
        var part = Check(Put("p1", 0, 10), Append("[a]", "p1", 20, 30), Get("p1", 40, 50));
        AssertDecidedIllegal(part, "A stale read: get(\"k\") → \"p1\" (client 0) read \"p1\", a value from before append(\"k\", \"[a]\")");
        Assert.That(part.Involved, Is.EquivalentTo(new[] { 1, 2 }));
    }

    [Test]
    public void AGarbageReadIsAViolationThatSaysWhereTheValueGoesWrong()
    {
        var part = Check(Put("p1", 0, 10), Append("[a]", "p1", 11, 12), Get("p1[a][zz]", 20, 30));
        AssertDecidedIllegal(part, "after \"p1[a]\" comes \"[zz]\", which starts with no token appended in this part");
        Assert.That(part.Involved, Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void ATokenReadTwiceMeansTheAppendTookEffectTwice() =>
        AssertDecidedIllegal(Check(Append("[a]", "", 0, 10), Get("[a][a]", 20, 30)),
            "which holds \"[a]\" twice: append(\"k\", \"[a]\") → \"\" (client 0) took effect more than once");

    [Test]
    public void TwoAppendsThatBothSawTheInitialValueAreAViolation() =>
        AssertDecidedIllegal(Check(Append("[a]", "", 0, 10), Append("[b]", "", 20, 30, client: 1)),
            "Two values disagree on what came right after the initial value \"\"");

    [Test]
    public void ALostAcknowledgedAppendIsAViolation() =>
        AssertDecidedIllegal(Check(Append("[a]", null, 0, 10), Append("[b]", null, 11, 12, client: 1), Get("[b]", 20, 30)),
            "Group A cannot come after group B: it starts from the initial value \"\", before any write.");

    [Test]
    public void TwoValuesThatDisagreeOnTheWriteAfterAPutAreAViolation() =>
        AssertDecidedIllegal(
            Check(Put("p", 0, 1), Append("[a]", null, 2, 3, client: 1), Append("[b]", null, 2, 3, client: 2), Get("p[a]", 4, 5), Get("p[b]", 6, 7)),
            "Two values disagree on what came right after put(\"k\", \"p\") (client 0)");

    [Test]
    public void ReadingTheInitialValueAfterAnAcknowledgedPutIsAViolation() =>
        AssertDecidedIllegal(Check(Put("p", 0, 1), Get("", 2, 3, client: 1)), "it starts from the initial value");

    [Test]
    public void AnUnknownAppendThatAValueShowsTookEffect()
    {
        var part = Check(Put("p", 0, 1), UnknownAppend("[a]", 2), Get("p[a]", 5, 6, client: 1));
        Assert.That((part.Outcome, part.Method), Is.EqualTo((CheckOutcome.Ok, DecisionMethod.UniqueValues)));
        Assert.That(part.Linearizations.Single(), Is.EqualTo(new[] { 0, 1, 2 }));
    }

    [Test]
    public void AnUnknownWriteThatNoValueShowsIsLeftOut()
    {
        var part = Check(Put("p", 0, 1), UnknownPut("q", 2), Get("p", 5, 6, client: 1));
        Assert.That((part.Outcome, part.Method), Is.EqualTo((CheckOutcome.Ok, DecisionMethod.UniqueValues)));
        Assert.That(part.Linearizations.Single(), Is.EqualTo(new[] { 0, 2 }));
    }

    [Test]
    public void AnUnknownWriteCannotTakeEffectBeforeItsCall() =>
        AssertDecidedIllegal(Check(Get("q", 0, 1, client: 1), UnknownPut("q", 5)),
            "A read of a value not written yet: get(\"k\") → \"q\" (client 1) read \"q\", a value from after put(\"k\", \"q\") → ? (client 0)");

    [Test]
    public void TheOrderFoundForALinearizablePartFollowsTheValues()
    {
        // put p, then a get of "p" that overlaps the append, then the append (which saw "p"), then a get of "p[a]".
        var part = Check(Put("p", 0, 10), Append("[a]", "p", 5, 15, client: 1), Get("p[a]", 20, 25, client: 2), Get("p", 1, 6, client: 3));
        Assert.That((part.Outcome, part.Method), Is.EqualTo((CheckOutcome.Ok, DecisionMethod.UniqueValues)));
        Assert.That(part.Linearizations.Single(), Is.EqualTo(new[] { 0, 3, 1, 2 }));
    }

    [Test]
    public void AViolationFoundFromValuesStillShowsTheLongestLinearizablePrefix()
    {
        var part = Check(Put("p1", 0, 10), Put("p2", 12, 15, client: 2), Get("p1", 20, 25, client: 3));
        Assert.That(part.LinearizationsComplete, Is.True);
        Assert.That(part.Linearizations[0], Is.EqualTo(new[] { 0, 1 }));
        Assert.That(part.RejectedNext, Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void AValueWrittenTwiceIsSearchedAndTheResultSaysWhy()
    {
        var part = Check(Put("p", 0, 1), Put("p", 2, 3, client: 1), Get("p", 4, 5));
        Assert.That((part.Outcome, part.Method), Is.EqualTo((CheckOutcome.Ok, DecisionMethod.Search)));
        Assert.That(part.FallbackReason, Does.Contain("\"p\" is written twice"));
    }

    [Test]
    public void AValueThatCanBeCutIntoWritesTwoWaysIsSearched()
    {
        var part = Check(Put("p", 0, 1), Append("[a]", "p", 2, 3), Put("p[a]", 4, 5), Get("p[a]", 6, 7));
        Assert.That((part.Outcome, part.Method), Is.EqualTo((CheckOutcome.Ok, DecisionMethod.Search)));
        Assert.That(part.FallbackReason, Does.Contain("more than one way"));
    }

    [Test]
    public void AModelWithoutAnAppendRegisterIsSearched()
    {
        var result = LinearizabilityChecker.Check(SearchOnly, [Put("p", 0, 1), Get("p", 2, 3)]);
        Assert.That((result.Outcome, result.Partitions.Single().Method, result.Partitions.Single().FallbackReason),
            Is.EqualTo((CheckOutcome.Ok, DecisionMethod.Search, (string?)null)));
    }

    [Test]
    public void AHotKeyOfManyOverlappingWritesIsDecidedWithoutSearch()
    {
        // 400 clients whose puts and appends all overlap, taking effect in a shuffled order; reads after each.
        var random = new DeterministicRandom(7);
        var order = Enumerable.Range(0, 400).OrderBy(_ => random.Next(1000)).ToArray();
        var history = new List<Operation<KvInput, KvOutput>>();
        var value = "";
        foreach (var c in order)
        {
            if (c % 3 == 0)
            {
                value = $"p{c}";
                history.Add(Put(value, 0, 1000, client: c));
            }
            else
            {
                history.Add(Append($"[{c}]", value, 0, 1000, client: c));
                value += $"[{c}]";
            }
        }
        history.Add(Get(value, 1001, 1002, client: 400));
        var result = LinearizabilityChecker.Check(KvModel.Partitioned, history);
        Assert.That((result.Outcome, result.Partitions.Single().Method), Is.EqualTo((CheckOutcome.Ok, DecisionMethod.UniqueValues)));
    }

    private static void AssertDecidedIllegal(PartitionResult<KvInput, KvOutput> part, string explanation)
    {
        Assert.That((part.Outcome, part.Method), Is.EqualTo((CheckOutcome.Illegal, DecisionMethod.UniqueValues)));
        Assert.That(part.Explanation, Does.Contain(explanation));
        Assert.That(LinearizabilityChecker.Check(SearchOnly, part.Operations).Outcome, Is.EqualTo(CheckOutcome.Illegal), "the search agrees");
    }

    private static PartitionResult<KvInput, KvOutput> Check(params Operation<KvInput, KvOutput>[] history) =>
        LinearizabilityChecker.Check(KvModel.Partitioned, history, new CheckOptions { ComputeLinearizations = true }).Partitions.Single();

    private static Operation<KvInput, KvOutput> Put(string value, long call, long ret, int client = 0) =>
        Operations.Completed(client, KvInput.Put("k", value), call, KvOutput.None, ret);

    private static Operation<KvInput, KvOutput> Append(string token, string? old, long call, long ret, int client = 0) =>
        Operations.Completed(client, KvInput.Append("k", token), call, old is null ? KvOutput.None : new KvOutput(old), ret);

    private static Operation<KvInput, KvOutput> Get(string value, long call, long ret, int client = 0) =>
        Operations.Completed(client, KvInput.Get("k"), call, new KvOutput(value), ret);

    private static Operation<KvInput, KvOutput> UnknownPut(string value, long call, int client = 0) =>
        Operations.Unknown<KvInput, KvOutput>(client, KvInput.Put("k", value), call);

    private static Operation<KvInput, KvOutput> UnknownAppend(string token, long call, int client = 0) =>
        Operations.Unknown<KvInput, KvOutput>(client, KvInput.Append("k", token), call);
}
