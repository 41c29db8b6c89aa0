namespace KvService.Grading;

/// <summary>Joins the results of graders that each graded a shard of the class (<c>grade --shard i/N</c>) into one class.</summary>
public static class GradeMerge
{
    /// <summary>Copies every student's results folder from <paramref name="shards"/> into <paramref name="output"/> and writes the
    /// class's CSV and JSON. A student in two shards, or shards graded with different rubrics or harnesses, is an error.</summary>
    public static IReadOnlyList<SubmissionResult> Merge(IEnumerable<string> shards, string output)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var results = new Dictionary<string, (SubmissionResult Result, string Folder)>(StringComparer.Ordinal);
        foreach (string shard in shards)
        {
            if (!Directory.Exists(shard)) throw new ArgumentException($"merge: the results folder '{shard}' does not exist.");
            foreach (var result in GradeReports.ReadClass(shard))
            {
                string folder = Path.Combine(shard, Submission.KeyOf(result.Student));
                if (results.TryGetValue(result.Student, out var other))
                    throw new ArgumentException($"merge: '{result.Student}' was graded in two shards ({other.Folder} and {folder}).");
                var first = results.Values.Select(r => r.Result).FirstOrDefault();
                if (first is not null && (first.RubricHash != result.RubricHash || first.Harness != result.Harness))
                    throw new ArgumentException($"merge: '{result.Student}' was graded with another rubric or harness than '{first.Student}' " +
                        $"(rubric {result.RubricHash[..12]} vs {first.RubricHash[..12]}, harness {result.Harness} vs {first.Harness}).");
                results[result.Student] = (result, folder);
            }
        }
        Directory.CreateDirectory(output);
        foreach (var (result, folder) in results.Values)
        {
            string target = Path.Combine(output, Submission.KeyOf(result.Student));
            if (Path.GetFullPath(target) == Path.GetFullPath(folder)) continue;
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            if (Directory.Exists(folder)) Copy(folder, target);
            Directory.CreateDirectory(Path.Combine(output, GradeReports.InstructorFolder));
            result.Write(GradeReports.RecordPath(output, result.Student));
        }
        var merged = results.Values.Select(r => r.Result).OrderBy(r => r.Student, StringComparer.Ordinal).ToList();
        GradeReports.WriteClass(merged, output);
        return merged;
    }

    /// <summary>Copies a results folder, never following a link.</summary>
    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null) continue;
            if (entry is DirectoryInfo dir) Copy(dir.FullName, Path.Combine(to, dir.Name));
            else File.Copy(entry.FullName, Path.Combine(to, entry.Name));
        }
    }
}
