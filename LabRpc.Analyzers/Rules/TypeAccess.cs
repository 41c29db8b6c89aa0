namespace LabRpc.Analyzers.Rules;

/// <summary>What a submission may do with a type.</summary>
public enum TypeAccess
{
    /// <summary>Name it and use its members, but for the members refused by a <see cref="MemberRule"/>.</summary>
    Allowed,

    /// <summary>Name it, and use only the members a <see cref="MemberRule"/> allows.</summary>
    ListedMembersOnly,

    /// <summary>Name it (declarations, type arguments, <c>typeof</c>) and use only the members a <see cref="MemberRule"/>
    /// allows; no API may hand one out, so <c>typeof</c> is the only way to get one (<c>System.Type</c>).</summary>
    TypeofOnly,

    /// <summary>Not at all: not named, not used, not derived from.</summary>
    Refused,
}
