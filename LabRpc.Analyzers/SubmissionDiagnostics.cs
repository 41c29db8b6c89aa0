using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LabRpc.Analyzers;

/// <summary>
/// The diagnostics of <see cref="SubmissionAnalyzer"/>, with stable ids. Each says what was used, why it is refused, and
/// what to use instead. They are warnings in a student's build and errors in the grader's.
/// </summary>
public static class SubmissionDiagnostics
{
    private const string Category = "LabRpc.Submission";

    /// <summary>LABRPC001: a type or member that is not on the allowlist, or that the allowlist refuses.</summary>
    public static readonly DiagnosticDescriptor RefusedApi = new(
        "LABRPC001", "API not allowed in a submission", "'{0}' is refused in a submission: {1}; {2}", Category,
        DiagnosticSeverity.Warning, isEnabledByDefault: true,
        "A submission may use only the allowlisted APIs: the contract, collections, text, math, LINQ and the primitives that stay on the simulation.");

    /// <summary>LABRPC002: unsafe code, pointers, function pointers, native calls, explicit layouts, or APIs that read or
    /// write memory past the runtime's checks.</summary>
    public static readonly DiagnosticDescriptor UnsafeCode = new(
        "LABRPC002", "Unsafe code or native interop in a submission", "'{0}' is refused in a submission: {1}; {2}", Category,
        DiagnosticSeverity.Warning, isEnabledByDefault: true,
        "A submission runs in safe code only: no unsafe blocks, pointers, function pointers, P/Invoke, explicit layouts or memory access past the runtime's checks.");

    /// <summary>LABRPC003: <c>dynamic</c>.</summary>
    public static readonly DiagnosticDescriptor Dynamic = new(
        "LABRPC003", "dynamic in a submission", "'{0}' is refused in a submission: {1}; {2}", Category,
        DiagnosticSeverity.Warning, isEnabledByDefault: true,
        "dynamic binds members by name at run time, which is reflection.");

    /// <summary>LABRPC004: a finalizer (it runs on the runtime's finalizer thread, outside the simulation).</summary>
    public static readonly DiagnosticDescriptor Finalizer = new(
        "LABRPC004", "Finalizer in a submission", "'{0}' is refused in a submission: {1}; {2}", Category,
        DiagnosticSeverity.Warning, isEnabledByDefault: true,
        "A finalizer runs on the finalizer thread, outside the simulation, whenever the garbage collector decides.");

    /// <summary>LABRPC005: a lambda converted to an expression tree (<c>Expression&lt;T&gt;</c>).</summary>
    public static readonly DiagnosticDescriptor ExpressionTree = new(
        "LABRPC005", "Expression tree in a submission", "'{0}' is refused in a submission: {1}; {2}", Category,
        DiagnosticSeverity.Warning, isEnabledByDefault: true,
        "An expression tree can be compiled to code at run time, and inspected like reflection.");

    /// <summary>LABRPC006: a type declared in a namespace the runtime, the compiler or the harness owns.</summary>
    public static readonly DiagnosticDescriptor ReservedNamespace = new(
        "LABRPC006", "Type in a reserved namespace", "'{0}' is refused in a submission: {1}; {2}", Category,
        DiagnosticSeverity.Warning, isEnabledByDefault: true,
        "The runtime and the compiler recognize some attributes by their name alone, and the harness's types by their namespace: a submission declares its types in a namespace of its own.");

    /// <summary>All of them.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } =
        [RefusedApi, UnsafeCode, Dynamic, Finalizer, ExpressionTree, ReservedNamespace];
}
