using KvService.Contract;
using KvService.Harness;
using LabRpc;

namespace KvService.Suite;

/// <summary>
/// Duplicated requests, sent on purpose (<see cref="RawKvClient"/>: the contract's messages, the same arguments twice) on a
/// reliable network: a copy that arrives while the original is still executing, one that arrives after the original's
/// reply, and copies of a client's old requests after its newer ones (Gets among them). Every value must end as if each
/// request had executed once, and a copy of a client's latest request must get the original's reply. (A copy of an older
/// request is answered however the server likes: its sender has had its answer, and the server need not remember it.)
/// </summary>
public static class KvDuplicateChecks
{
    /// <summary>
    /// A copy of a Put and of an Append arrives while the original is still executing: the copy is sent when another
    /// client's request reaches the server, and that request is sent when the original reaches it. A handler that awaits
    /// (a virtual disk flush) before it records the request as done is running when the copy arrives.
    /// </summary>
    public static string WhileExecuting(IKvImplementation implementation, ulong seed, TextWriter output)
    {
        using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Output = output });
        var sim = cluster.Simulation;
        var ck = cluster.MakeClerk();
        var limit = KvTimeLimit.Start("duplicate while the original executes");
        cluster.Begin("duplicate while the original executes");
        var me = new RawKvClient(cluster, "raw-me");
        var other = new RawKvClient(cluster, "raw-other");
        sim.Run(async () =>
        {
            await ck.PutAsync("a", "x");
            await ck.PutAsync("p", "0");
            limit.Check(0, 2, "duplicated requests (an Append, then a Put) done");

            // Append(a, y), during it another client's Append(a, z), during that the copy of Append(a, y).
            var append = me.NewAppend("a", "y");
            var (original, copy, others) = await Interleave(cluster, me, other, () => me.SendAsync(append), () => other.SendAsync(other.NewAppend("a", "z")));
            string a = await ck.GetAsync("a");
            string? expectedFinal = original switch { "x" when others == "xy" => "xyz", "xz" when others == "x" => "xzy", _ => null };
            if (expectedFinal is null)
                KvChecks.Fail($"Append(a, y) returned {KvText.Short(original)} and another client's concurrent Append(a, z) returned {KvText.Short(others)}, from \"x\": one of them must see the other");
            if (copy != original)
                KvChecks.Fail($"a copy of Append(a, y) that arrived while the original was executing got {KvText.Short(copy)}, the original {KvText.Short(original)}: a duplicate must get the original's reply");
            if (a != expectedFinal)
                KvChecks.Fail($"after Append(a, y) and a copy of it that arrived while it was executing, a holds {KvText.Short(a)}, expected {KvText.Short(expectedFinal)}: the request ran twice");

            limit.Check(1, 2, "duplicated requests (an Append, then a Put) done");
            // Put(p, 1), during it another client's Append(p, +), during that the copy of Put(p, 1).
            var put = me.NewPut("p", "1");
            var (_, _, othersOld) = await Interleave(cluster, me, other, async () => await me.SendAsync(put) ? "" : null, () => other.SendAsync(other.NewAppend("p", "+")));
            string p = await ck.GetAsync("p");
            string? expectedP = othersOld switch { "1" => "1+", "0" => "1", _ => null };
            if (expectedP is null)
                KvChecks.Fail($"Append(p, +) concurrent with Put(p, 1) returned {KvText.Short(othersOld)}, from \"0\": expected \"0\" or \"1\"");
            if (p != expectedP)
                KvChecks.Fail($"after Put(p, 1), another client's Append(p, +) that returned {KvText.Short(othersOld)}, and a copy of the Put that arrived while it was executing, p holds {KvText.Short(p)}, expected {KvText.Short(expectedP)}: the Put ran twice");
        });
        return cluster.End();
    }

    /// <summary>
    /// A copy of a Put and of an Append arrives after the original's reply, and after another client wrote the same key.
    /// </summary>
    public static string AfterTheReply(IKvImplementation implementation, ulong seed, TextWriter output)
    {
        using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Output = output });
        var sim = cluster.Simulation;
        var ck = cluster.MakeClerk();
        var limit = KvTimeLimit.Start("duplicate after the reply");
        cluster.Begin("duplicate after the reply");
        var me = new RawKvClient(cluster, "raw-me");
        sim.Run(async () =>
        {
            await ck.PutAsync("a", "x");
            var append = me.NewAppend("a", "y");
            string? first = await me.SendAsync(append);
            string between = await ck.AppendAsync("a", "z");
            string? again = await me.SendAsync(append);
            string a = await ck.GetAsync("a");
            if (first != "x" || between != "xy") KvChecks.Fail($"Append(a, y) on \"x\" returned {KvText.Short(first)}, and the next Append(a, z) {KvText.Short(between)}");
            if (again != first)
                KvChecks.Fail($"a copy of Append(a, y) that arrived after its reply (and after another client's Append(a, z)) got {KvText.Short(again)}, the original {KvText.Short(first)}: a duplicate must get the original's reply");
            if (a != "xyz") KvChecks.Fail($"after Append(a, y), Append(a, z) and a late copy of the first, a holds {KvText.Short(a)}, expected \"xyz\": the copy ran again");

            limit.Check(1, 2, "duplicated requests (an Append, then a Put) done");
            var put = me.NewPut("p", "1");
            bool ok = await me.SendAsync(put);
            await ck.AppendAsync("p", "+");
            bool okAgain = await me.SendAsync(put);
            string p = await ck.GetAsync("p");
            if (!ok || !okAgain) KvChecks.Fail("the server did not answer a Put on a reliable network");
            if (p != "1+") KvChecks.Fail($"after Put(p, 1), Append(p, +) and a late copy of the Put, p holds {KvText.Short(p)}, expected \"1+\": the copy ran again");
        });
        return cluster.End();
    }

    /// <summary>
    /// Copies of a client's old Put and Append arrive after newer requests of that client, Gets and Appends among them,
    /// and after another client wrote the same keys. None may run again.
    /// </summary>
    public static string OldAfterNewer(IKvImplementation implementation, ulong seed, TextWriter output)
    {
        using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Output = output });
        var sim = cluster.Simulation;
        var ck = cluster.MakeClerk();
        var limit = KvTimeLimit.Start("old duplicates after newer requests");
        cluster.Begin("old duplicates after newer requests");
        var me = new RawKvClient(cluster, "raw-me");
        sim.Run(async () =>
        {
            async Task Expect(string key, string expected, string after)
            {
                string value = await ck.GetAsync(key);
                if (value != expected)
                    KvChecks.Fail($"after {after}, {key} holds {KvText.Short(value)}, expected {KvText.Short(expected)}: an old request ran again");
            }

            var append1 = me.NewAppend("c", "1");
            await me.SendAsync(append1);
            await me.SendAsync(me.NewGet("c"));
            await ck.AppendAsync("c", "+");
            await me.SendAsync(append1);
            await Expect("c", "1+", "Append(c, 1), a Get of the same client, another client's Append(c, +) and a copy of Append(c, 1)");

            limit.Check(1, 3, "rounds of old copies done");
            var put = me.NewPut("d", "D");
            await me.SendAsync(put);
            await me.SendAsync(me.NewGet("d"));
            await me.SendAsync(me.NewGet("c"));
            await ck.AppendAsync("d", "+");
            await me.SendAsync(put);
            await me.SendAsync(append1);
            await Expect("d", "D+", "Put(d, D), two Gets of the same client, another client's Append(d, +) and a copy of Put(d, D)");
            await Expect("c", "1+", "another copy of Append(c, 1) after more requests");

            limit.Check(2, 3, "rounds of old copies done");
            var append2 = me.NewAppend("c", "2");
            await me.SendAsync(append2);
            await me.SendAsync(me.NewAppend("c", "3"));
            await me.SendAsync(me.NewPut("e", "E"));
            await me.SendAsync(append2);
            await me.SendAsync(put);
            await Expect("c", "1+23", "Append(c, 2), Append(c, 3), Put(e, E) and copies of Append(c, 2) and of the older Put(d, D)");
            await Expect("d", "D+", "a copy of Put(d, D) after six newer requests");
        });
        return cluster.End();
    }

    /// <summary>
    /// Sends <paramref name="original"/>; when it reaches the server, <paramref name="others"/>; when that reaches the server,
    /// the original again. Returns the original's reply, the copy's and the other request's.
    /// </summary>
    private static async Task<(string? Original, string? Copy, string? Others)> Interleave(KvCluster cluster, RawKvClient me, RawKvClient other,
        Func<Task<string?>> original, Func<Task<string?>> others)
    {
        long originalId = -1, othersId = -1;
        Task<string?>? copy = null, otherTask = null;
        var previous = cluster.Network.OnCallEvent;
        cluster.Network.OnCallEvent = e =>
        {
            previous?.Invoke(e);
            if (e.Stage == CallStage.Sent && e.End == me.Name && originalId < 0) originalId = e.CallId;
            else if (e.Stage == CallStage.Sent && e.End == other.Name && othersId < 0) othersId = e.CallId;
            else if (e.Stage == CallStage.Arrived && e.CallId == originalId && !e.Duplicate && otherTask is null) otherTask = others();
            else if (e.Stage == CallStage.Arrived && e.CallId == othersId && !e.Duplicate && copy is null) copy = original();
        };
        try
        {
            string? first = await original();
            while (copy is null || otherTask is null) await cluster.Simulation.Delay(TimeSpan.FromMilliseconds(1));
            return (first, await copy, await otherTask);
        }
        finally
        {
            cluster.Network.OnCallEvent = previous;
        }
    }
}
