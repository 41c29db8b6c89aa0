using System.Security.Cryptography;
using System.Text;
using KvService.PrimaryBackup.Reference;
using KvService.PrimaryBackup.Scenarios;
using KvService.Scenarios;

namespace LabRpc.Tests.PrimaryBackup;

/// <summary>Late and duplicated client requests and crashes at a request's moment in primary/backup scenarios: drawn
/// after every older kind, reaching the run, and passed by the reference.</summary>
public sealed class PbRequestFaultTests
{
    private static readonly PbScenario Quiet = new()
    {
        Seed = 11, Servers = 3, Clients = 2, OperationsPerClient = 12, Keys = 1, MaxThinkTime = TimeSpan.FromMilliseconds(40),
    };

    [Test]
    public void EverySeedsEarlierEventsAreWhatTheyWereBeforeTheseKindsWereDrawn()
    {
        // The digest of seeds 1-1,000 as the generator drew them before these kinds existed (commit 4cf989f): drawn without
        // them, each seed's scenario is the old one to the tick; drawn with them, it holds every old event where it was.
        var older = Enumerable.Range(1, 1000).Select(seed => PbScenarioGenerator.Generate((ulong)seed, withLaterKinds: false)).ToList();
        var text = string.Join("\n", older.Select(s => s.ToString()));
        Assert.That(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16], Is.EqualTo("04AEC09099230EF0"));
        int same = 0, moved = 0;
        foreach (var old in older)
        {
            var now = PbScenarioGenerator.Generate(old.Seed);
            Assert.That(now with { Faults = old.Faults }, Is.EqualTo(old), "the workload and the network are the same");
            Assert.That(old.Faults.Where(f => !f.Sequential).All(now.Faults.Contains), Is.True, $"the clerks' cuts stay where they were: {old} / {now}");
            // The events that change the view are all there, where they were or all moved later by one amount.
            var sequential = old.Faults.Where(f => f.Sequential).ToList();
            var shifts = sequential.Count == 0 ? [TimeSpan.Zero]
                : now.Faults.Where(f => f with { At = default } == sequential[0] with { At = default } && f.At >= sequential[0].At).Select(f => f.At - sequential[0].At).ToList();
            var shift = shifts.FirstOrDefault(d => sequential.All(f => now.Faults.Contains(f with { At = f.At + d })), TimeSpan.MinValue);
            Assert.That(shift, Is.GreaterThanOrEqualTo(TimeSpan.Zero), $"every old event is still there: {old} / {now}");
            if (now == old) same++;
            if (shift > TimeSpan.Zero) moved++;
        }
        TestContext.Out.WriteLine($"seeds 1-1,000: {same} scenarios as before, {1000 - same - moved} with events added, {moved} with events added and the older ones moved later");
        Assert.That(same, Is.InRange(40, 100), "scenarios drawn as before (66)");
        Assert.That(moved, Is.InRange(500, 700), "scenarios whose older events moved later for an opening event (602)");
    }

    [Test]
    public void TheSweepDrawsLateOrDuplicatedRequestsInHalfTheScenariosACrashAtAMomentInAThirdAndAnOpeningEventInFourFifths()
    {
        var scenarios = Enumerable.Range(0, 1000).Select(i => PbScenarioGenerator.Generate(PbScenarioGenerator.SeedOf(1, i))).ToList();
        double Share(Func<PbFault, bool> kind) => scenarios.Average(s => s.Faults.Any(kind) ? 1.0 : 0.0);
        Assert.That(Share(f => f.Kind is PbFaultKind.DuplicateRequests or PbFaultKind.ClerkTimeouts), Is.InRange(0.45, 0.55));
        Assert.That(Share(f => f.Kind == PbFaultKind.DuplicateRequests && f.MaxDelay > TimeSpan.Zero), Is.InRange(0.18, 0.26), "copies held back");
        Assert.That(Share(f => f.AtMoment), Is.InRange(0.30, 0.40));
        var opened = scenarios.Where(s =>
        {
            var older = PbScenarioGenerator.Generate(s.Seed, withLaterKinds: false).Faults;
            return s.Faults.Any(f => f.Sequential && f.At < TimeSpan.FromMilliseconds(600) && !older.Contains(f));
        }).ToList();
        Assert.That((double)opened.Count / scenarios.Count, Is.InRange(0.75, 0.88), "a split brain, a flaky link or a retry across failovers at the start");
        Assert.That(opened.SelectMany(s => s.Faults).Count(f => f.Kind == PbFaultKind.SplitBrain && f.At < TimeSpan.FromMilliseconds(600)), Is.GreaterThan(opened.Count / 4));
        Assert.That(scenarios.All(PbScenarioGenerator.KeepsEventsApart), Is.True);
    }

    [Test]
    public void DuplicatedRequestsHeldBackReachTheServersAndTheReferencePasses()
    {
        var with = Quiet with { Faults = [new PbFault(PbFaultKind.DuplicateRequests, TimeSpan.Zero, TimeSpan.FromSeconds(2), Rate: 1, MaxDelay: TimeSpan.FromMilliseconds(500))] };

        var verdict = PbScenarioRunner.Run(with, new ReferencePb(), PbRunOptions.Diagnostic);

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        Assert.That(verdict.Log, Does.Contain("request duplicated, copy arrives in"));
        Assert.That(verdict.Log, Does.Match(@"PbServer\.(Append|Put): handler starts on pb\d \(duplicate\)"));
        Assert.That(verdict.Log, Does.Not.Contain("ViewServer.Ping: request duplicated").And.Not.Contain("PbServer.Forward: request duplicated"),
            "only the clerks' requests to the servers are copied");
        Assert.That(verdict.TraceHash, Is.Not.EqualTo(PbScenarioRunner.Run(Quiet, new ReferencePb()).TraceHash));
    }

    [Test]
    public void ClerkCallsThatTimeOutAreRetriedWhileTheOldRequestsAreOnTheirWayAndTheReferencePasses()
    {
        var with = Quiet with
        {
            Faults = [new PbFault(PbFaultKind.ClerkTimeouts, TimeSpan.Zero, TimeSpan.FromSeconds(2), Timeout: TimeSpan.FromMilliseconds(30), MaxDelay: TimeSpan.FromMilliseconds(400))],
        };

        var verdict = PbScenarioRunner.Run(with, new ReferencePb(), PbRunOptions.Diagnostic);

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        Assert.That(verdict.Log, Does.Match(@"from clerk0->pb\d: timed out"));
        Assert.That(verdict.Rpcs, Is.GreaterThan(PbScenarioRunner.Run(Quiet, new ReferencePb()).Rpcs), "the clerks retried");
    }

    [TestCase(PbFaultKind.CrashPrimaryAtMoment, CrashMoment.OnArrival, @"crashes as call \d+ \(PbServer\.(Get|Put|Append) from clerk")]
    [TestCase(PbFaultKind.CrashPrimaryAtMoment, CrashMoment.AfterExecution, @"crashes after executing call \d+ \(PbServer\.(Get|Put|Append) from clerk")]
    [TestCase(PbFaultKind.CrashPrimaryAtMoment, CrashMoment.AfterReply, @"crashes just after the reply to call \d+ \(PbServer\.(Get|Put|Append) from clerk")]
    [TestCase(PbFaultKind.CrashBackupAtMoment, CrashMoment.AfterExecution, @"crashes after executing call \d+ \(PbServer\.Forward from pb")]
    public void ACrashAtAMomentStrikesThenAndTheReferencePasses(PbFaultKind kind, CrashMoment moment, string logged)
    {
        var with = Quiet with { Faults = [new PbFault(kind, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), Moment: moment)] };

        var verdict = PbScenarioRunner.Run(with, new ReferencePb(), PbRunOptions.Diagnostic);

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        Assert.That(verdict.Log, Does.Match(logged));
        Assert.That(verdict.Diagram!.Events.Count(e => e.Kind == LabRpc.Diagram.DiagramEventKind.Crash), Is.EqualTo(1));
    }

    [Test]
    public void ACrashAtAPersisterCallOfTheReferenceNeverComesItPersistsNothingWhileItServes()
    {
        var with = Quiet with { Faults = [new PbFault(PbFaultKind.CrashPrimaryAtMoment, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), Moment: CrashMoment.AfterWrite)] };

        var verdict = PbScenarioRunner.Run(with, new ReferencePb(), PbRunOptions.Diagnostic);

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        Assert.That(verdict.Log, Does.Match(@"pb\d did not crash: no request reached that moment within 1s"));
    }
}
