namespace KvService.Grading;

/// <summary>A rubric group's share of a grade: points earned and possible, tests passed and run.</summary>
public sealed record GroupResult(string Name, double Points, double MaxPoints, int Passed, int Tests);
