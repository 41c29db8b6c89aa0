using LabRpc.Analyzers.Rules;

namespace LabRpc.Analyzers.Checking;

/// <summary>What the rules say of one type: its access, and the rule (or namespace) that decided it.</summary>
internal sealed class TypeVerdict
{
    public TypeVerdict(TypeAccess access, string why, string instead, bool noSubclass, bool unsafeCode)
    {
        Access = access;
        Why = why;
        Instead = instead;
        NoSubclass = noSubclass;
        UnsafeCode = unsafeCode;
    }

    public static TypeVerdict Allowed { get; } = new(TypeAccess.Allowed, "", "", noSubclass: false, unsafeCode: false);

    public TypeAccess Access { get; }

    public string Why { get; }

    public string Instead { get; }

    public bool NoSubclass { get; }

    public bool UnsafeCode { get; }
}
