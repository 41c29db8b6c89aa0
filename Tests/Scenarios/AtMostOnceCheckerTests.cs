using KvService.Model;
using KvService.Scenarios;
using LabRpc.Linearizability;

namespace LabRpc.Tests.Scenarios;

public sealed class AtMostOnceCheckerTests
{
    private static readonly Dictionary<string, string> NoFinal = [];

    private static Operation<KvInput, KvOutput> Append(int client, string token, long call, long? ret, string old = "") => ret is { } r
        ? Operations.Completed(client, KvInput.Append("k", token), call, new KvOutput(old), r)
        : Operations.Unknown<KvInput, KvOutput>(client, KvInput.Append("k", token), call);

    [Test]
    public void ATokenSeenTwiceInAGetIsReported()
    {
        var history = new[] { Append(0, "[0.0]", 1, 2), Operations.Completed(1, KvInput.Get("k"), 3, new KvOutput("[0.0][1.1][0.0]"), 4) };

        var found = AtMostOnceChecker.Check(history, NoFinal);

        Assert.That(found, Has.Count.EqualTo(1));
        Assert.That(found[0], Does.StartWith("token [0.0] appears 2 times in the value read by client 1's get(\"k\")"));
    }

    [Test]
    public void ATokenSeenTwiceInAnAppendsOldValueOrAtTheEndIsReported()
    {
        var history = new[] { Append(0, "[0.0]", 1, 2), Append(1, "[1.0]", 3, 4, old: "[0.0][0.0]") };

        var found = AtMostOnceChecker.Check(history, new Dictionary<string, string> { ["k"] = "[0.0][0.0][1.0]" });

        Assert.That(found, Has.Count.EqualTo(2));
        Assert.That(found[0], Does.StartWith("token [0.0] appears 2 times in the old value returned to client 1's append"));
        Assert.That(found[1], Does.StartWith("token [0.0] appears 2 times in the final value of k"));
    }

    [Test]
    public void AnAcknowledgedAppendMissingAtTheEndIsReported()
    {
        var found = AtMostOnceChecker.Check([Append(0, "[0.0]", 1, 2)], new Dictionary<string, string> { ["k"] = "" }, reader: 1);

        Assert.That(found, Is.EqualTo(new[]
        {
            "client 0's append(\"k\", \"[0.0]\") → \"\" returned at 0ms, but its token [0.0] is missing from the final value of k: an acknowledged Append was lost",
        }));
    }

    [Test]
    public void AnAppendWithNoAnswerMayBeMissingOrPresentOnce()
    {
        var history = new[] { Append(0, "[0.0]", 1, null) };

        Assert.That(AtMostOnceChecker.Check(history, new Dictionary<string, string> { ["k"] = "" }), Is.Empty);
        Assert.That(AtMostOnceChecker.Check(history, new Dictionary<string, string> { ["k"] = "[0.0]" }), Is.Empty);
    }

    [Test]
    public void AnAppendAPutMayHaveOverwrittenMayBeMissing()
    {
        var put = Operations.Completed(1, KvInput.Put("k", "p1.0"), 3, KvOutput.None, 5);
        var earlierPut = Operations.Completed(1, KvInput.Put("k", "p1.0"), 0, KvOutput.None, 1);
        var final = new Dictionary<string, string> { ["k"] = "p1.0" };

        Assert.That(AtMostOnceChecker.Check([Append(0, "[0.0]", 2, 4), put], final), Is.Empty, "the put overlaps the append");
        Assert.That(AtMostOnceChecker.Check([earlierPut, Append(0, "[0.0]", 2, 4)], final), Has.Count.EqualTo(1), "the put returned before the append began");
    }

    [Test]
    public void ManyFindingsAreCappedWithACount()
    {
        var history = Enumerable.Range(0, 8).Select(i => Operations.Completed(0, KvInput.Get("k"), i * 2, new KvOutput("[0.0][0.0]"), i * 2 + 1)).ToArray();

        var found = AtMostOnceChecker.Check(history, NoFinal);

        Assert.That(found, Has.Count.EqualTo(6));
        Assert.That(found[^1], Is.EqualTo("... and 3 more"));
    }
}
