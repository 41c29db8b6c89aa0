namespace LabRpc.Analyzers.Rules;

/// <summary>
/// A namespace's rule. An allowed namespace allows every type declared directly in it (not in its sub-namespaces); a
/// refused one gives the reason for every type in it and in its sub-namespaces that no <see cref="TypeRule"/> allows.
/// </summary>
public sealed class NamespaceRule
{
    /// <summary>A rule for <paramref name="name"/>.</summary>
    public NamespaceRule(string name, bool allowed, string why, string instead, bool unsafeCode)
    {
        Name = name;
        Allowed = allowed;
        Why = why;
        Instead = instead;
        UnsafeCode = unsafeCode;
    }

    /// <summary>The namespace, e.g. <c>System.Collections.Generic</c>.</summary>
    public string Name { get; }

    /// <summary>Its types are allowed.</summary>
    public bool Allowed { get; }

    /// <summary>Why its types are refused (empty when allowed).</summary>
    public string Why { get; }

    /// <summary>What to use instead (empty when allowed).</summary>
    public string Instead { get; }

    /// <summary>A use is reported as unsafe code (LABRPC002) rather than a refused API (LABRPC001).</summary>
    public bool UnsafeCode { get; }
}
