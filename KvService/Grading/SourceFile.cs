namespace KvService.Grading;

/// <summary>One C# file of a submission: its path relative to the submission's folder (with '/', as errors name it) and
/// its full path.</summary>
internal sealed record SourceFile(string RelativePath, string FullPath);
