namespace LabRpc.Tests.Kv;

/// <summary>The server crashes and restarts from its persister; nothing acknowledged is lost and nothing runs twice.</summary>
[TestFixtureSource(typeof(KvSuite), nameof(KvSuite.Fixtures))]
public sealed class KvCrashTests(string implementation) : KvSuiteFixture(implementation)
{
    [TestCase(CallStage.Arrived, false, 21UL)]
    [TestCase(CallStage.Executed, false, 22UL)]
    [TestCase(CallStage.ReplySent, false, 23UL)]
    [TestCase(CallStage.Arrived, true, 24UL)]
    [TestCase(CallStage.Executed, true, 25UL)]
    [TestCase(CallStage.ReplySent, true, 26UL)]
    public void CrashDuringOneAppendLosesAndRepeatsNothing(CallStage stage, bool unreliable, ulong seed) =>
        Judge(seed, (impl, s, output) => KvCrashChecks.Scripted(impl, s, output, stage, everyOperation: false, unreliable));

    [TestCase(CallStage.Arrived, false, 31UL)]
    [TestCase(CallStage.Executed, false, 32UL)]
    [TestCase(CallStage.ReplySent, false, 33UL)]
    [TestCase(CallStage.Arrived, true, 34UL)]
    [TestCase(CallStage.Executed, true, 35UL)]
    [TestCase(CallStage.ReplySent, true, 36UL)]
    public void CrashDuringEveryOperationLosesAndRepeatsNothing(CallStage stage, bool unreliable, ulong seed) =>
        Judge(seed, (impl, s, output) => KvCrashChecks.Scripted(impl, s, output, stage, everyOperation: true, unreliable));

    [TestCase(CallStage.Arrived, 41UL)]
    [TestCase(CallStage.Executed, 42UL)]
    [TestCase(CallStage.ReplySent, 43UL)]
    public void RepeatedCrashesWhileManyClientsAppendOnAnUnreliableNetwork(CallStage stage, ulong seed) =>
        Judge(seed, (impl, s, output) => KvCrashChecks.Workload(impl, s, output, unreliable: true, stage, crashChance: 0.02, randomTimes: false));

    [TestCase(false, 44UL)]
    [TestCase(true, 45UL)]
    public void CrashesAtRandomTimesBetweenAndDuringOperations(bool unreliable, ulong seed) =>
        Judge(seed, (impl, s, output) => KvCrashChecks.Workload(impl, s, output, unreliable, stage: null, crashChance: 0, randomTimes: true));
}
