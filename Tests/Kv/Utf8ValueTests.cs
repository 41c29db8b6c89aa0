using KvService.Reference;

namespace LabRpc.Tests.Kv;

public sealed class Utf8ValueTests
{
    [Test]
    public void AppendsReadBackAsTheConcatenatedString()
    {
        var value = Utf8Value.Empty;
        string expected = "";
        for (int i = 0; i < 2000; i++)
        {
            string piece = i % 7 == 0 ? $"é{i}→" : $"x {i} y";
            value = value.Append(piece);
            expected += piece;
        }
        Assert.That(value.ToString(), Is.EqualTo(expected));
        Assert.That(value.Length, Is.EqualTo(System.Text.Encoding.UTF8.GetByteCount(expected)));
    }

    [Test]
    public void EarlierValuesStayAsTheyWereWhenLaterOnesGrowInPlace()
    {
        var a = Utf8Value.Of("abc");
        var ab = a.Append("def");
        var ab2 = a.Append("XYZ"); // appending to an older value must not overwrite ab's bytes
        var abg = ab.Append("ghi");
        Assert.That((a.ToString(), ab.ToString(), ab2.ToString(), abg.ToString()), Is.EqualTo(("abc", "abcdef", "abcXYZ", "abcdefghi")));
    }

    [Test]
    public void SmallAppendsShareFewChunks()
    {
        var value = Utf8Value.Empty;
        for (int i = 0; i < 10_000; i++) value = value.Append("0123456789");
        Assert.That(value.ChunkCount, Is.LessThanOrEqualTo(100_000 / (Utf8Value.MaxChunk / 2) + 1));
    }

    [Test]
    public void PrefixesAreTheFirstBytes()
    {
        var value = Utf8Value.Empty;
        string text = "";
        for (int i = 0; i < 300; i++)
        {
            string piece = new((char)('a' + i % 26), 1 + i % 50);
            value = value.Append(piece);
            text += piece;
        }
        for (int n = 0; n <= text.Length; n += 37)
            Assert.That(value.Prefix(n).ToString(), Is.EqualTo(text[..n]));
        Assert.That(value.Prefix(text.Length), Is.SameAs(value));
        Assert.That(Utf8Value.FromUtf8(value.ToArray()).Append("!").ToString(), Is.EqualTo(text + "!"));
    }

    [Test]
    public void TailIsWhatTheLastAppendAdded()
    {
        var value = Utf8Value.Of("hello").Append(", wörld", out int added);
        Assert.That(System.Text.Encoding.UTF8.GetString(value.Tail(added)), Is.EqualTo(", wörld"));
    }
}
