using FsCheck;
using FsCheck.Fluent;
using KvService.Model;

namespace LabRpc.Tests.Linearizability;

public sealed class KvValueTests
{
    private static Arbitrary<string[]> Pieces =>
        Arb.From(Gen.ArrayOf(Gen.Elements("", "a", "b", "ab", "x 1 0 y", "\"", "é")));

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public Property AValueBuiltByAppendsIsItsString() =>
        Prop.ForAll(Pieces, pieces =>
        {
            var value = pieces.Aggregate(KvValue.Empty, (v, piece) => v.Append(piece));
            var text = string.Concat(pieces);
            return value.ToString() == text && value.Length == text.Length && value.Equals(text) && !value.Equals(text + "a")
                && value.Equals(KvValue.Of(text)) && value.GetHashCode() == KvValue.Of(text).GetHashCode();
        });

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public Property ValuesAreEqualExactlyWhenTheirStringsAre() =>
        Prop.ForAll(Pieces, Pieces, (left, right) =>
        {
            var a = left.Aggregate(KvValue.Empty, (v, piece) => v.Append(piece));
            var b = right.Aggregate(KvValue.Empty, (v, piece) => v.Append(piece));
            return a.Equals(b) == (string.Concat(left) == string.Concat(right));
        });

    [Test]
    public void ValuesThatShareAPrefixCompareByTheirTails()
    {
        var common = KvValue.Of("x 0 0 y").Append("x 1 0 y");
        var one = common.Append("x 2 0 y");
        var other = common.Append("x 2 0 y");
        Assert.That(one, Is.EqualTo(other));
        Assert.That(common.Append("x 2 0 y"), Is.Not.EqualTo(common.Append("x 3 0 y")));
        Assert.That(KvValue.Of("ab").Append("c"), Is.EqualTo(KvValue.Of("a").Append("bc")));
    }

    [Test]
    public void StepsThatRepeatAPutOrAnAppendGiveTheSameObject()
    {
        var text = "p1.2";
        var token = "[3.4]";
        var value = KvValue.Of(text);
        Assert.That(KvValue.Of(text), Is.SameAs(value), "one value per put text");
        var appended = value.Append(token);
        Assert.That(value.Append(token), Is.SameAs(appended), "the value last appended is remembered");
        var other = value.Append("[5.6]");
        Assert.That(other.ToString(), Is.EqualTo("p1.2[5.6]"));
        Assert.That(value.Append(token).ToString(), Is.EqualTo("p1.2[3.4]"), "another token makes another value");
    }
}
