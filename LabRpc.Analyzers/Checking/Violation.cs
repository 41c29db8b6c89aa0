using Microsoft.CodeAnalysis;

namespace LabRpc.Analyzers.Checking;

/// <summary>One refused use: which diagnostic, what was used, why it is refused, what to use instead.</summary>
internal sealed class Violation
{
    public Violation(DiagnosticDescriptor descriptor, string what, string why, string instead)
    {
        Descriptor = descriptor;
        What = what;
        Why = why;
        Instead = instead;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public string What { get; }

    public string Why { get; }

    public string Instead { get; }

    /// <summary>The same refusal, reported for <paramref name="what"/> (e.g. the member that reached a refused type).</summary>
    public Violation For(string what) => new(Descriptor, what, Why, Instead);

    /// <summary>The same refusal, reported where it was found: <c>Thread in Code.worker</c>.</summary>
    public Violation In(string declaration) => new(Descriptor, What + " in " + declaration, Why, Instead);
}
