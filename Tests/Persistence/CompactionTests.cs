using System.Buffers.Binary;

namespace LabRpc.Tests.Persistence;

/// <summary>Compaction rewrites the log as a snapshot of the live records, and a crash at any moment of it leaves a
/// folder that opens to the same records.</summary>
public sealed class CompactionTests
{
    private static readonly PersisterOptions SmallFloor = new() { CompactionFloor = 1024 };
    private TempFolder _temp = null!;

    [SetUp]
    public void MakeFolder() => _temp = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _temp.Dispose();

    [Test]
    public void CompactionKeepsTheRecordsAndShrinksTheLog()
    {
        string folder = _temp.Sub("p");
        var expected = new Persister();
        var sizes = new List<(long Before, long After)>();
        using (var p = Persister.Open(folder, SmallFloor))
        {
            var log = p.FileLog!;
            long before = 0;
            log.OnCompactionStep = step =>
            {
                if (step == CompactionStep.TemporaryWritten) before = new FileInfo(log.CurrentPath).Length;
                if (step == CompactionStep.OldRemoved) sizes.Add((before, new FileInfo(log.CurrentPath).Length));
            };
            for (int i = 0; i < 150; i++)
            {
                var value = new byte[100];
                value[0] = (byte)i;
                p.Write("key" + i % 10, value);
                expected.Write("key" + i % 10, value);
                long length = new FileInfo(log.CurrentPath).Length;
                Assert.That(length, Is.LessThanOrEqualTo(2 * (28 + p.SnapshotBytes()) + SmallFloor.CompactionFloor + 121),
                    "the log stays within twice the live data plus the floor (and one record)");
            }
        }
        long snapshot = 28 + 10 * (17 + 4 + 100); // the file's header, and ten records of a 4-byte key and 100 bytes
        Assert.That(sizes, Has.Count.GreaterThan(3));
        Assert.That(sizes, Has.All.Matches<(long Before, long After)>(s => s.After == snapshot && s.Before > 2 * snapshot),
            "each compaction leaves a log of just the live records, from one of more than twice that");
        Assert.That(Records.Logs(folder), Has.Length.EqualTo(1), "the old logs are removed");
        Assert.That(Records.Opened(folder), Is.EqualTo(Records.Of(expected)));
    }

    [Test]
    public void EveryIntermediateStateOfACompactionOpensToTheSameRecords()
    {
        string folder = _temp.Sub("p");
        var expected = new Persister();
        var states = new List<(CompactionStep Step, string Folder, string[] Records)>();
        using (var p = Persister.Open(folder, SmallFloor))
        {
            // A copy of the folder at each moment: what a crash then would leave (the temporary file as written so far).
            p.FileLog!.OnCompactionStep = step => states.Add((step, _temp.CopyOf(folder, step.ToString()), Records.Of(expected)));
            for (int i = 0; p.Compactions == 0; i++)
            {
                var value = new byte[50];
                value[0] = (byte)i;
                p.Append("key" + i % 7, value);
                expected.Append("key" + i % 7, value);
                if (i % 5 != 0) continue;
                p.Remove("key" + i % 3);
                expected.Remove("key" + i % 3);
            }
            p.FileLog.OnCompactionStep = null;
        }
        Assert.That(states.Select(s => s.Step), Is.EqualTo(Enum.GetValues<CompactionStep>()));

        // Before it is flushed, the temporary file may hold any part of what was written to it: it is never read.
        var (_, written, before) = states[0];
        string temporary = Directory.GetFiles(written, "*.tmp").Single();
        long length = new FileInfo(temporary).Length;
        foreach (long cut in new[] { 0, 10, 28, length / 2, length - 1 })
        {
            string copy = _temp.CopyOf(written, "cut" + cut);
            using (var file = File.OpenWrite(Path.Combine(copy, Path.GetFileName(temporary)))) file.SetLength(cut);
            Assert.That(Records.Opened(copy), Is.EqualTo(before), $"the temporary file cut at {cut}");
        }

        foreach (var (step, copy, records) in states)
        {
            Assert.That(Records.Opened(copy), Is.EqualTo(records), $"a crash at {step}");
            Assert.That(Records.Logs(copy), Has.Length.EqualTo(1), $"after a crash at {step}, the leftovers are removed at open");
        }
    }

    [Test]
    public void DamageInTheSnapshotPartRefusesToOpenEvenAtTheEndOfTheFile()
    {
        string folder = _temp.Sub("p");
        string log;
        using (var p = Persister.Open(folder, SmallFloor))
        {
            for (int i = 0; p.Compactions == 0; i++) p.Write("key" + i % 10, new byte[100]);
            log = p.FileLog!.CurrentPath;
        }
        var bytes = File.ReadAllBytes(log);
        long snapshotEnd = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16));
        Assert.That(snapshotEnd, Is.LessThan(bytes.Length), "the change that started the compaction follows the snapshot");

        string shortened = _temp.Sub("short");
        File.WriteAllBytes(Path.Combine(shortened, Path.GetFileName(log)), bytes[..(int)(snapshotEnd - 3)]);
        Assert.That(() => Persister.Open(shortened), Throws.TypeOf<PersisterCorruptException>().With.Message.Contains("snapshot part"));

        string flipped = _temp.Sub("flipped");
        var damaged = bytes[..(int)snapshotEnd];
        damaged[^1] ^= 0x01;
        File.WriteAllBytes(Path.Combine(flipped, Path.GetFileName(log)), damaged);
        Assert.That(() => Persister.Open(flipped), Throws.TypeOf<PersisterCorruptException>()
            .With.Message.Contains("inside the snapshot part"));

        string torn = _temp.Sub("torn");
        File.WriteAllBytes(Path.Combine(torn, Path.GetFileName(log)), bytes[..^1]);
        Assert.That(Records.Opened(torn), Has.Length.EqualTo(10), "a torn record after the snapshot part is dropped");
    }
}
