namespace LabRpc.Analyzers.Rules;

/// <summary>
/// A member's rule within a type: refused (within an allowed type) or allowed (within a type whose members are allowed
/// only when listed). <see cref="Member"/> is the member's name as C# declares it, <c>new</c> for a constructor,
/// <c>this[]</c> for an indexer, <c>op_Equality</c> and so on for an operator.
/// </summary>
public sealed class MemberRule
{
    /// <summary>A rule for <paramref name="type"/>'s <paramref name="member"/>.</summary>
    public MemberRule(string type, string member, Overloads overloads, bool allowed, string why, string instead)
    {
        Type = type;
        Member = member;
        Overloads = overloads;
        Allowed = allowed;
        Why = why;
        Instead = instead;
    }

    /// <summary>The type's full name, without arity.</summary>
    public string Type { get; }

    /// <summary>The member's name.</summary>
    public string Member { get; }

    /// <summary>Which of its overloads and uses the rule covers.</summary>
    public Overloads Overloads { get; }

    /// <summary>The rule allows rather than refuses.</summary>
    public bool Allowed { get; }

    /// <summary>Why it is refused (empty when allowed).</summary>
    public string Why { get; }

    /// <summary>What to use instead (empty when allowed).</summary>
    public string Instead { get; }
}
