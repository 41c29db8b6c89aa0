using KvService.PrimaryBackup.Suite;
using LabRpc.Linearizability;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>Each broken member is caught by the script that the reference passes (<see cref="PbServiceTests"/>).</summary>
public sealed class BrokenPbTests
{
    [Test]
    public void APrimaryThatAnswersBeforeItsBackupHasTheWriteLosesItInACrash()
    {
        var (read, linearizable) = PbScripts.CrashAsTheAnswerLeaves(BrokenPb.AnswersBeforeBackup, 10);
        Assert.That(read, Is.EqualTo("a"), "the acknowledged Put is lost");
        Assert.That(linearizable, Is.EqualTo(CheckOutcome.Illegal));
    }

    [Test]
    public void ABackupThatAcceptsAStalePrimaryLetsItAnswerWithOldValues()
    {
        var outcome = PbScripts.StalePrimary(BrokenPb.AcceptsStalePrimary, 5);
        Assert.That(outcome.Read, Is.EqualTo("old"), "split brain: the replaced primary answered");
        Assert.That(outcome.Linearizable, Is.EqualTo(CheckOutcome.Illegal));
    }

    [Test]
    public void AStateTransferWithoutTheDuplicateTableAppliesARetryTwice()
    {
        var (_, final) = PbScripts.RetryAfterTwoFailovers(BrokenPb.TransferWithoutDuplicates, 4);
        Assert.That(final, Is.EqualTo("a[0.1][0.1]"));
    }

    [Test]
    public void APrimaryThatAnswersGetsUnconfirmedKeepsServingAfterItWasReplaced()
    {
        var outcome = PbScripts.StalePrimary(BrokenPb.ServesAfterReplaced, 5);
        Assert.That(outcome.Read, Is.EqualTo("old"));
        Assert.That(outcome.Linearizable, Is.EqualTo(CheckOutcome.Illegal));
    }
}
