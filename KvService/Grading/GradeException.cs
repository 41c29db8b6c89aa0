namespace KvService.Grading;

/// <summary>The grader cannot grade as asked (no sandbox where one was wanted, two students who would share a folder); its
/// message says what to do.</summary>
public sealed class GradeException(string message) : Exception(message);
