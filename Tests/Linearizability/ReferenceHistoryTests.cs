using LabRpc.Linearizability;

namespace LabRpc.Tests.Linearizability;

public sealed class ReferenceHistoryTests
{
    private static IEnumerable<TestCaseData> Cases() =>
        ReferenceHistories.Verdicts().Select(v => new TestCaseData(v.File, v.Linearizable).SetName($"{{m}}({v.File})"));

    [Test]
    public void VerdictsListEveryReferenceHistory() =>
        Assert.That(ReferenceHistories.Verdicts().Count(), Is.EqualTo(108));

    [TestCaseSource(nameof(Cases))]
    public void AllReferenceHistoriesMatchTheirVerdicts(string file, bool linearizable)
    {
        var outcome = ReferenceHistories.Check(file);
        Assert.That(outcome, Is.EqualTo(linearizable ? CheckOutcome.Ok : CheckOutcome.Illegal));
    }
}
