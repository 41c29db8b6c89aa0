namespace LabRpc.Tests.Persistence;

/// <summary>A log whose end a crash damaged opens without the damaged record; damage a crash cannot explain refuses to
/// open, naming the file and the offset.</summary>
public sealed class TornTailTests
{
    private TempFolder _temp = null!;
    private string _folder = null!;
    private string _log = null!;
    private string[] _before = [];
    private string[] _after = [];
    private long _lastStart, _lastEnd, _middleStart;

    [SetUp]
    public void WriteALog()
    {
        _temp = new TempFolder();
        _folder = _temp.Sub("original");
        using var p = Persister.Open(_folder);
        p.Write("a", [1, 2, 3]);
        p.Write("b", [4]);
        _log = p.FileLog!.CurrentPath;
        _middleStart = new FileInfo(_log).Length;
        p.Append("a", [5, 6]);
        p.Write("c", [7]);
        _before = Records.Of(p);
        _lastStart = new FileInfo(_log).Length;
        p.Append("a", Enumerable.Range(0, 50).Select(i => (byte)i).ToArray()); // the last record: 50 bytes appended to "a"
        _after = Records.Of(p);
        _lastEnd = new FileInfo(_log).Length;
    }

    [TearDown]
    public void RemoveFolder() => _temp.Dispose();

    [Test]
    public void TruncatingTheLastRecordAnywhereDropsItWholeAndKeepsEverythingBefore()
    {
        Assert.That(_lastEnd - _lastStart, Is.GreaterThan(50));
        for (long cut = _lastStart; cut <= _lastEnd; cut++)
        {
            string copy = Damaged($"cut{cut}", bytes => bytes[..(int)cut]);

            using var p = Persister.Open(copy);

            Assert.That(Records.Of(p), Is.EqualTo(cut == _lastEnd ? _after : _before), $"log cut at byte {cut}");
            Assert.That(new FileInfo(LogIn(copy)).Length, Is.EqualTo(cut == _lastEnd ? _lastEnd : _lastStart), "the torn tail is cut off");
            p.Write("d", [8]);
            p.Dispose();
            Assert.That(Records.Opened(copy), Is.EqualTo((cut == _lastEnd ? _after : _before).Append("d=08").ToArray()),
                "a change after the cut is kept");
        }
    }

    [Test]
    public void ABadByteAnywhereInTheLastRecordDropsIt()
    {
        for (long at = _lastStart; at < _lastEnd; at++)
        {
            string copy = Damaged($"flip{at}", bytes =>
            {
                bytes[at] ^= 0x40;
                return bytes;
            });

            Assert.That(Records.Opened(copy), Is.EqualTo(_before), $"byte {at} changed");
            Assert.That(new FileInfo(LogIn(copy)).Length, Is.EqualTo(_lastStart));
        }
    }

    [TestCase(0, TestName = "ABadByteInAMiddleRecordsHeaderRefusesToOpenNamingTheFileAndOffset")]
    [TestCase(14, TestName = "ABadByteInAMiddleRecordsBodyRefusesToOpenNamingTheFileAndOffset")]
    public void DamageFollowedByAValidRecordRefusesToOpen(int intoRecord)
    {
        string copy = Damaged("middle", bytes =>
        {
            bytes[_middleStart + intoRecord] ^= 0x01;
            return bytes;
        });
        string log = LogIn(copy);

        var error = Assert.Throws<PersisterCorruptException>(() => Persister.Open(copy))!;

        Assert.That(error.FilePath, Is.EqualTo(log));
        Assert.That(error.Offset, Is.EqualTo(_middleStart));
        Assert.That(error.Message, Does.Contain(log).And.Contain($"byte {_middleStart:N0}").And.Contain("valid record follows")
            .And.Contain("Restore the folder").And.Contain($"truncate the copy's {Path.GetFileName(log)} to {_middleStart:N0} bytes"));
        Assert.That(new FileInfo(log).Length, Is.EqualTo(_lastEnd), "a refused log is left as it was");
        Assert.That(() => Persister.Open(copy), Throws.TypeOf<PersisterCorruptException>(), "the refusal releases the folder");
    }

    [Test]
    public void ADamagedFileHeaderRefusesToOpen()
    {
        string copy = Damaged("header", bytes =>
        {
            bytes[10] ^= 0x01;
            return bytes;
        });

        Assert.That(() => Persister.Open(copy), Throws.TypeOf<PersisterCorruptException>()
            .With.Message.Contains("header is damaged").And.Property(nameof(PersisterCorruptException.Offset)).EqualTo(0));
    }

    /// <summary>A copy of the original folder whose log went through <paramref name="damage"/>.</summary>
    private string Damaged(string name, Func<byte[], byte[]> damage)
    {
        string copy = _temp.CopyOf(_folder, name);
        string log = LogIn(copy);
        File.WriteAllBytes(log, damage(File.ReadAllBytes(log)));
        return copy;
    }

    private static string LogIn(string folder) => Path.Combine(folder, Records.Logs(folder).Single());
}
