namespace KvService.Grading;

/// <summary>A rubric cannot be read or is not valid; the message says where and why.</summary>
public sealed class RubricException(string message) : Exception(message);
