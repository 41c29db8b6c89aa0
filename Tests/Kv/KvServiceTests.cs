namespace LabRpc.Tests.Kv;

/// <summary>6.824's kvsrv tests (2024), in virtual time, against the implementation under test (see <see cref="KvSuite"/>).</summary>
[TestFixtureSource(typeof(KvSuite), nameof(KvSuite.Fixtures))]
public sealed class KvServiceTests(string implementation) : KvSuiteFixture(implementation)
{
    [Test]
    public void OneClientAppendsAndGetsInOrder() =>
        Judge(1, (impl, seed, output) => KvChecks.Generic(impl, seed, output, clients: 1, unreliable: false));

    [Test]
    public void ConcurrentClientsEachSeeTheirOwnAppends() =>
        Judge(2, (impl, seed, output) => KvChecks.Generic(impl, seed, output, clients: 5, unreliable: false));

    [Test]
    public void UnreliableNetworkLosesAndRepeatsNothing() =>
        Judge(3, (impl, seed, output) => KvChecks.Generic(impl, seed, output, clients: 5, unreliable: true));

    [Test]
    public void ConcurrentAppendsToOneKeyOnAnUnreliableNetworkApplyOnce() =>
        Judge(4, KvChecks.UnreliableOneKey);
}
