using System.Runtime.Serialization;
using MessagePack;

namespace LabRpc.Tests.Rpc;

public sealed class MessageTypeCheckTests
{
    public sealed class PrivateField
    {
        private int _count;

        public PrivateField() { }

        public PrivateField(int count) => _count = count;

        public int Count() => _count;
    }

    public sealed class InternalProperty
    {
        internal int Secret { get; set; }
    }

    public sealed class GetOnlyWithoutConstructor
    {
        public int Fixed { get; } = 3;
    }

    public sealed record Wrapper(List<PrivateField> Items);

    public sealed class Fine
    {
        public int A { get; set; }

        public int B { get; private set; }

        public int C;

        [IgnoreDataMember]
        public int Cache { get; set; }

        [IgnoreDataMember]
        public PrivateField? Scratchpad { get; set; }

        [IgnoreMember]
        private int _scratch;

        public void Touch() => _scratch++;
    }

    public sealed record PositionalFine(int X, string Y);

    [TestCase(typeof(PrivateField), "field '_count' of PrivateField is not public")]
    [TestCase(typeof(InternalProperty), "property 'Secret' of InternalProperty is not public")]
    [TestCase(typeof(GetOnlyWithoutConstructor), "property 'Fixed' of GetOnlyWithoutConstructor has no setter and no constructor parameter")]
    [TestCase(typeof(Wrapper), "field '_count' of PrivateField is not public")]
    public void StateTheCodecWouldDropIsReportedNamingTheMember(Type type, string problem)
    {
        var error = Assert.Throws<MessageTypeException>(() => MessageTypeCheck.Ensure(type, "Arguments of X.Y"));
        Assert.That(error!.Message, Does.Contain(problem).And.Contain("Arguments of X.Y").And.Contain("public property"));
    }

    [TestCase(typeof(Fine))]
    [TestCase(typeof(PositionalFine))]
    [TestCase(typeof(List<PositionalFine>))]
    [TestCase(typeof(Dictionary<string, PositionalFine[]>))]
    [TestCase(typeof(string))]
    public void TypesTheCodecCarriesWholePass(Type type) => Assert.DoesNotThrow(() => MessageTypeCheck.Ensure(type, "x"));

    [Test]
    public void WhatTheCheckFlagsReallyIsLostInTransit()
    {
        // The check is about the codec's real behaviour: a private field does not come back.
        var codec = MessagePackCodec.Instance;
        var back = codec.Decode<PrivateField>(codec.Encode(new PrivateField(5)));
        Assert.That(back.Count(), Is.Zero);
    }

    [Test]
    public void CallWithABadArgumentTypeFailsAtFirstUse()
    {
        using var sim = new Simulation(1);
        var net = new Network(sim);
        var end = net.MakeEnd("e");
        var error = Assert.Throws<MessageTypeException>(() => sim.Run(async () => await end.Call<int>("A.B", new PrivateField(1))));
        Assert.That(error!.Message, Does.Contain("Arguments of A.B"));
    }

    public sealed class BadReplyService
    {
        public InternalProperty Get(int x) => new();
    }

    [Test]
    public void ServiceWithABadReplyTypeIsRejectedWhenAdded()
    {
        var error = Assert.Throws<MessageTypeException>(() => new Server().AddService(new Service(new BadReplyService())));
        Assert.That(error!.Message, Does.Contain("Reply of BadReplyService.Get"));
    }
}
