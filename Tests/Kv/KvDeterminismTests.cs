namespace LabRpc.Tests.Kv;

/// <summary>The implementation under test is deterministic: a seed replays its run (see <see cref="KvDeterminismChecks"/>).</summary>
[TestFixtureSource(typeof(KvSuite), nameof(KvSuite.Fixtures))]
public sealed class KvDeterminismTests(string implementation) : KvSuiteFixture(implementation)
{
    [Test]
    public void TheSameSeedRunsTheSameWay() => Judge(61, KvDeterminismChecks.SameSeedSameRun);
}
