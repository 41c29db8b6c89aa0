using KvService.Contract;
using KvService.Harness;
using LabRpc.Tests.Kv.Duplicates;
using KvService.Suite;

namespace LabRpc.Tests.Kv;

/// <summary>Each duplicate check of the suite fails a server with the bug it is there for.</summary>
public sealed class DuplicateChecksCatchTests
{
    [Test]
    public void AServerThatAwaitsBeforeRecordingARequestFailsTheCheckOfADuplicateDuringExecution()
    {
        string message = Failure(new AwaitBeforeRecordKv(), KvDuplicateChecks.WhileExecuting);
        Assert.That(message, Does.Contain("while the original was executing").Or.Contain("ran twice"));
    }

    [Test]
    public void AServerWhosePutsAwaitBeforeRecordingFailsTheCheckOfADuplicateDuringExecution()
    {
        string message = Failure(new AwaitBeforeRecordKv { OnlyPuts = true }, KvDuplicateChecks.WhileExecuting);
        Assert.That(message, Does.Contain("the Put ran twice"));
    }

    [Test]
    public void AServerThatAnswersARetryWithTheCurrentValueFailsTheCheckOfADuplicateAfterTheReply()
    {
        string message = Failure(new CurrentValueToRetryKv(), KvDuplicateChecks.AfterTheReply);
        Assert.That(message, Does.Contain("a duplicate must get the original's reply"));
    }

    [Test]
    public void AServerThatForgetsAClientOnItsGetFailsTheCheckOfOldDuplicates()
    {
        string message = Failure(new LabRpc.Tests.Scenarios.Broken.ForgetsClientOnGetKv(), KvDuplicateChecks.OldAfterNewer);
        Assert.That(message, Does.Contain("an old request ran again"));
    }

    [Test]
    public void TheServersThatFailOneDuplicateCheckPassTheCoursesReliableTest()
    {
        // Each bug shows only when a request repeats: without the suite's duplicate checks a reliable run passes them.
        foreach (var implementation in new IKvImplementation[] { new AwaitBeforeRecordKv(), new CurrentValueToRetryKv(), new LabRpc.Tests.Scenarios.Broken.ForgetsClientOnGetKv() })
            Assert.DoesNotThrow(() => KvChecks.Generic(implementation, 1, TextWriter.Null, clients: 1, unreliable: false), implementation.Name);
    }

    private static string Failure(IKvImplementation implementation, Func<IKvImplementation, ulong, TextWriter, string> check)
    {
        var failure = Assert.Throws<KvCheckFailedException>(() => check(implementation, 5, TestContext.Out))!;
        TestContext.Out.WriteLine($"  ... failed as it should: {failure.Message}");
        return failure.Message;
    }
}
