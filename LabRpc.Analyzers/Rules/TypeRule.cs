namespace LabRpc.Analyzers.Rules;

/// <summary>
/// One type's rule, by its full name without generic arity (<c>System.Threading.Tasks.Task</c> covers <c>Task</c> and
/// <c>Task&lt;T&gt;</c>; a nested type is <c>Outer.Inner</c>). It takes precedence over its namespace's rule.
/// </summary>
public sealed class TypeRule
{
    /// <summary>A rule for <paramref name="name"/>.</summary>
    public TypeRule(string name, TypeAccess access, string why, string instead, bool noSubclass, bool unsafeCode)
    {
        Name = name;
        Access = access;
        Why = why;
        Instead = instead;
        NoSubclass = noSubclass;
        UnsafeCode = unsafeCode;
    }

    /// <summary>The type's full name, without arity.</summary>
    public string Name { get; }

    /// <summary>What a submission may do with it.</summary>
    public TypeAccess Access { get; }

    /// <summary>Why it (or, for <see cref="TypeAccess.ListedMembersOnly"/>, a member not listed) is refused.</summary>
    public string Why { get; }

    /// <summary>What to use instead.</summary>
    public string Instead { get; }

    /// <summary>A submission's type may not derive from it (its subclass would replace a piece of the simulation).</summary>
    public bool NoSubclass { get; }

    /// <summary>A use is reported as unsafe code (LABRPC002) rather than a refused API (LABRPC001).</summary>
    public bool UnsafeCode { get; }
}
