using KvService.Model;
using LabRpc.Linearizability;

namespace LabRpc.Tests.Linearizability;

/// <summary>The search's partial-order reduction for read-only operations (<see cref="Model{TState, TInput, TOutput}.IsReadOnly"/>).</summary>
public sealed class ReadOnlyReductionTests
{
    private static readonly CheckOptions OneThread = new() { MaxDegreeOfParallelism = 1 };

    [Test]
    public void TheSearchGivesTheSameVerdictWhetherOrNotItKnowsWhichOperationsAreReadOnly()
    {
        var searched = KvModel.Partitioned with { AppendRegister = null };
        var plain = searched with { IsReadOnly = null };
        var whole = KvModel.Unpartitioned with { IsReadOnly = null };
        var random = new DeterministicRandom(11);
        var illegal = 0;
        for (var n = 0; n < 5_000; n++)
        {
            var history = AdversarialKvHistories.Generate(random);
            var expected = LinearizabilityChecker.Check(plain, history, OneThread).Outcome;
            Assert.That(LinearizabilityChecker.Check(searched, history, OneThread).Outcome, Is.EqualTo(expected), $"history {n}, by key");
            Assert.That(LinearizabilityChecker.Check(KvModel.Unpartitioned, history, OneThread).Outcome,
                Is.EqualTo(LinearizabilityChecker.Check(whole, history, OneThread).Outcome), $"history {n}, whole store");
            illegal += expected == CheckOutcome.Illegal ? 1 : 0;
        }
        Assert.That(illegal, Is.InRange(1_000, 4_000), "both verdicts are well represented");
    }

    [Test]
    public void AReadWhoseOutcomeIsUnknownIsLeftOut()
    {
        var model = KvModel.Partitioned with { AppendRegister = null };
        var history = new[]
        {
            Operations.Completed(0, KvInput.Put("k", "a"), 0, KvOutput.None, 1),
            Operations.Unknown<KvInput, KvOutput>(1, KvInput.Get("k"), 0),
            Operations.Completed(2, KvInput.Get("k"), 2, new KvOutput("a"), 3),
        };
        var part = LinearizabilityChecker.Check(model, history, new CheckOptions { ComputeLinearizations = true }).Partitions.Single();
        Assert.That(part.Linearizations.Single(), Is.EqualTo(new[] { 0, 2 }));
        Assert.That(LinearizabilityChecker.Check(model with { IsReadOnly = null }, history, new CheckOptions { ComputeLinearizations = true })
            .Partitions.Single().Linearizations.Single(), Does.Contain(1), "without the reduction the search linearizes it where it fits");
    }
}
