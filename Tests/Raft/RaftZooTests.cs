using LabRpc.Raft.Suite;
using LabRpc.Raft.Tester;
using LabRpc.Raft.Zoo;

namespace LabRpc.Tests.Raft;

/// <summary>The suite has teeth: each member of the zoo (the reference with one classic bug) fails the suite test it
/// names, and the failure says what broke.</summary>
public sealed class RaftZooTests
{
    public static IEnumerable<TestCaseData> Members =>
        RaftZoo.All.Where(m => m.CaughtBy is not null).Select(m => new TestCaseData(m).SetName($"{m.Name}IsCaughtBy{m.CaughtBy}"));

    [TestCaseSource(nameof(Members))]
    public void TheMemberFailsTheTestThatCatchesIt(RaftZooMember member)
    {
        var test = RaftSuiteTests.Find(member.CaughtBy!)
            ?? throw new AssertionException($"the zoo names a test '{member.CaughtBy}' that the suite does not have");
        Exception? error = null;
        try
        {
            test.Run(member.Implementation, test.Seed, TextWriter.Null);
        }
        catch (Exception caught)
        {
            error = caught;
        }
        Assert.That(error, Is.Not.Null, $"{member.Name} ({member.Bug}) passed {test.Id}");
        TestContext.Out.WriteLine($"{member.Name}: {test.Id} fails: {error!.GetType().Name}: {error.Message}");
        Assert.That(error, Is.InstanceOf<RaftCheckException>().Or.InstanceOf<RaftInvariantException>(),
            "the failure should be the tester's verdict, not a crash of the harness");
        Assert.That(error.Message, Does.Contain(member.Verdict));
    }

    [Test]
    public void TheSuiteCatchesAtLeastTenMembersWithDistinctNames()
    {
        Assert.That(RaftZoo.All.Count(m => m.CaughtBy is not null), Is.GreaterThanOrEqualTo(10));
        Assert.That(RaftZoo.All.Select(m => m.Name), Is.Unique);
    }
}
