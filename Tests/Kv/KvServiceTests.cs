namespace LabRpc.Tests.Kv;

/// <summary>6.824's kvsrv tests (2024), in virtual time, against the implementation under test (see <see cref="KvSuite"/>).</summary>
public sealed class KvServiceTests
{
    [Test]
    public void OneClientAppendsAndGetsInOrder() =>
        KvSuite.Judge(1, (impl, seed, output) => KvChecks.Generic(impl, seed, output, clients: 1, unreliable: false));

    [Test]
    public void ConcurrentClientsEachSeeTheirOwnAppends() =>
        KvSuite.Judge(2, (impl, seed, output) => KvChecks.Generic(impl, seed, output, clients: 5, unreliable: false));

    [Test]
    public void UnreliableNetworkLosesAndRepeatsNothing() =>
        KvSuite.Judge(3, (impl, seed, output) => KvChecks.Generic(impl, seed, output, clients: 5, unreliable: true));

    [Test]
    public void ConcurrentAppendsToOneKeyOnAnUnreliableNetworkApplyOnce() =>
        KvSuite.Judge(4, KvChecks.UnreliableOneKey);
}
