using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using LabRpc.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LabRpc.Analyzers.Checking;

/// <summary>
/// Applies the rules to the symbols of one compilation: types (with their type arguments, element types, containing types),
/// members (the member's rules, its type's rule, what it hands out, its type arguments) and a submission's own declarations
/// (base types, interfaces, namespaces). Verdicts on types are cached per compilation.
/// </summary>
internal sealed class SymbolChecker
{
    private const string ExpressionsNamespace = "System.Linq.Expressions";
    private const string UseSafe = "use safe code: arrays, Span<T>, Memory<T>";

    private readonly IAssemblySymbol _own;
    private readonly RuleBook _rules;
    private readonly ConcurrentDictionary<ISymbol, TypeVerdict> _verdicts = new(SymbolEqualityComparer.Default);

    public SymbolChecker(IAssemblySymbol own, RuleBook rules)
    {
        _own = own;
        _rules = rules;
    }

    /// <summary>What the rules say of <paramref name="type"/> (its original definition).</summary>
    public TypeVerdict Verdict(INamedTypeSymbol type)
    {
        var original = type.OriginalDefinition;
        if (_verdicts.TryGetValue(original, out var known)) return known;
        return _verdicts.GetOrAdd(original, Decide(original));
    }

    private TypeVerdict Decide(INamedTypeSymbol type)
    {
        // A rule by full name comes first, even for the submission's own types: a type of its own named like a refused
        // one (an attribute the runtime recognizes by name) is refused as that one is.
        if (_rules.Type(SymbolNames.FullName(type)) is { } rule)
            return new TypeVerdict(rule.Access, rule.Why, rule.Instead, rule.NoSubclass, rule.UnsafeCode);
        if (type.ContainingType is { } outer) return Verdict(outer);
        if (IsOwn(type)) return TypeVerdict.Allowed;
        string ns = SymbolNames.Namespace(type);
        if (_rules.IsAllowed(ns) || IsException(type) && !IsIn(ns, SubmissionRules.HarnessNamespaces)) return TypeVerdict.Allowed;
        if (_rules.RefusedNamespace(ns) is { } refused)
            return new TypeVerdict(TypeAccess.Refused, refused.Why, refused.Instead, noSubclass: true, refused.UnsafeCode);
        return new TypeVerdict(TypeAccess.Refused, SubmissionRules.NotListed, SubmissionRules.SeeAllowlist, noSubclass: true, unsafeCode: false);
    }

    /// <summary>The first refused part of <paramref name="type"/>, or null when a submission may name it.</summary>
    public Violation? CheckType(ITypeSymbol? type) => CheckType(type, 0);

    private Violation? CheckType(ITypeSymbol? type, int depth)
    {
        if (type is null || depth > 32) return null;
        switch (type)
        {
            case IErrorTypeSymbol:
            case ITypeParameterSymbol:
                return null;
            case IArrayTypeSymbol array:
                return CheckType(array.ElementType, depth + 1);
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return new Violation(SubmissionDiagnostics.UnsafeCode, type.ToDisplayString(), "pointers reach memory past the runtime's checks", UseSafe);
        }
        if (type.TypeKind == TypeKind.Dynamic)
            return new Violation(SubmissionDiagnostics.Dynamic, "dynamic", "it binds members by name at run time, which is reflection", "use static types");
        if (type is not INamedTypeSymbol named || named.IsAnonymousType) return null;
        var verdict = Verdict(named);
        if (verdict.Access == TypeAccess.Refused)
            return new Violation(Descriptor(named, verdict), SymbolNames.Display(named), verdict.Why, verdict.Instead);
        foreach (var argument in named.TypeArguments)
        {
            if (CheckType(argument, depth + 1) is { } inner) return inner;
        }
        if (CheckConstructorConstraints(named.TypeParameters, named.TypeArguments) is { } constructed) return constructed;
        return named.ContainingType is { } outer ? CheckType(outer, depth + 1) : null;
    }

    /// <summary>
    /// The first reason <paramref name="member"/> may not be used here, or null. <paramref name="use"/> is the operation
    /// that uses it, for the rules that look at the call (its arguments) or at the use (an assignment).
    /// </summary>
    public Violation? CheckMember(ISymbol member, IOperation? use)
    {
        if (member is IMethodSymbol method)
        {
            foreach (var argument in method.TypeArguments)
            {
                if (CheckType(argument) is { } inner) return inner.For(SymbolNames.Display(member));
            }
            if (CheckConstructorConstraints(method.TypeParameters, method.TypeArguments) is { } constructed) return constructed.For(SymbolNames.Display(member));
            if (method.ReducedFrom is { } unreduced) member = unreduced;
            if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction) return null;
        }
        var type = member.ContainingType;
        if (type is null) return null;
        string what = SymbolNames.Display(member);
        var verdict = Verdict(type);
        if (verdict.Access == TypeAccess.Refused) return new Violation(Descriptor(type, verdict), what, verdict.Why, verdict.Instead);

        bool listed = false;
        for (ISymbol? declared = member; declared is not null; declared = Overridden(declared))
        {
            var declaringType = declared.ContainingType;
            foreach (var rule in _rules.Members(SymbolNames.FullName(declaringType.OriginalDefinition), SymbolNames.MemberName(declared.OriginalDefinition)))
            {
                if (!Applies(rule.Overloads, declared.OriginalDefinition, use)) continue;
                if (!rule.Allowed) return new Violation(Descriptor(type, verdict), what, rule.Why, rule.Instead);
                listed = true;
            }
        }
        if (!listed && verdict.Access is TypeAccess.ListedMembersOnly or TypeAccess.TypeofOnly)
            return new Violation(Descriptor(type, verdict), what, verdict.Why, verdict.Instead);

        if (!IsOwn(type) && HandsOut(member.OriginalDefinition) is { } handedOut)
            return new Violation(handedOut.Descriptor, what, $"it hands out {handedOut.What}, and {handedOut.Why}", handedOut.Instead);
        return CheckType(type) is { } refusedType ? refusedType.For(what) : null;
    }

    /// <summary>The first reason the submission's own type <paramref name="type"/> may not be declared as it is, with
    /// the location to report it at: its namespace, its base type, its interfaces.</summary>
    public Violation? CheckDeclaredType(INamedTypeSymbol type)
    {
        string ns = SymbolNames.Namespace(type);
        if (IsIn(ns, SubmissionRules.ReservedNamespaces))
        {
            return new Violation(SubmissionDiagnostics.ReservedNamespace, SymbolNames.FullName(type),
                $"the namespace {ns} belongs to the runtime, the compiler or the harness, which recognize some of their types by name alone",
                "declare your types in a namespace of your own (e.g. Students.YourName)");
        }
        if (type.BaseType is { } baseType && !IsOwn(baseType))
        {
            if (CheckType(baseType) is { } refused) return refused.For(SymbolNames.Display(type) + " : " + refused.What);
            var verdict = Verdict(baseType);
            if (verdict.NoSubclass)
            {
                return new Violation(Descriptor(baseType, verdict), SymbolNames.Display(type) + " : " + SymbolNames.Display(baseType),
                    "a submission may not derive from it: " + (verdict.Why.Length > 0 ? verdict.Why : "it is part of the simulation"), verdict.Instead);
            }
        }
        foreach (var contract in type.Interfaces)
        {
            if (CheckType(contract) is { } refused) return refused.For(SymbolNames.Display(type) + " : " + refused.What);
        }
        return CheckTypeParameters(type.TypeParameters)?.In(SymbolNames.Display(type));
    }

    /// <summary>The first refused constraint of <paramref name="parameters"/>.</summary>
    public Violation? CheckTypeParameters(System.Collections.Immutable.ImmutableArray<ITypeParameterSymbol> parameters)
    {
        foreach (var parameter in parameters)
        {
            foreach (var constraint in parameter.ConstraintTypes)
            {
                if (CheckType(constraint) is { } refused) return refused;
            }
        }
        return null;
    }

    /// <summary>
    /// A type argument for a type parameter with the <c>new()</c> constraint has its parameterless constructor called by
    /// the generic code (<c>new T()</c>): that constructor must be allowed too (<c>Make&lt;Random&gt;()</c> would make an
    /// unseeded Random).
    /// </summary>
    private Violation? CheckConstructorConstraints(System.Collections.Immutable.ImmutableArray<ITypeParameterSymbol> parameters, System.Collections.Immutable.ImmutableArray<ITypeSymbol> arguments)
    {
        for (int i = 0; i < parameters.Length && i < arguments.Length; i++)
        {
            if (!parameters[i].HasConstructorConstraint || arguments[i] is not INamedTypeSymbol argument || IsOwn(argument)) continue;
            foreach (var constructor in argument.InstanceConstructors)
            {
                if (constructor.Parameters.Length == 0 && CheckMember(constructor, null) is { } refused) return refused;
            }
        }
        return null;
    }

    /// <summary>The symbol is the submission's own (declared in the compilation being checked).</summary>
    public bool IsOwn(ISymbol symbol) => SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _own);

    private Violation? HandsOut(ISymbol member)
    {
        var handed = member switch
        {
            IMethodSymbol m => m.ReturnType,
            IPropertySymbol p => p.Type,
            IFieldSymbol f => f.Type,
            IEventSymbol e => e.Type,
            _ => null,
        };
        if (HandOut(handed) is { } refused) return refused;
        if (member is IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind is RefKind.Out or RefKind.Ref && HandOut(parameter.Type) is { } viaParameter) return viaParameter;
            }
        }
        return null;
    }

    private Violation? HandOut(ITypeSymbol? type)
    {
        if (CheckType(type) is { } refused) return refused;
        if (type is INamedTypeSymbol named && Verdict(named) is { Access: TypeAccess.TypeofOnly } verdict)
            return new Violation(SubmissionDiagnostics.RefusedApi, "a " + SymbolNames.Display(named), verdict.Why, verdict.Instead);
        return null;
    }

    private static ISymbol? Overridden(ISymbol member) => member switch
    {
        IMethodSymbol m => m.OverriddenMethod,
        IPropertySymbol p => p.OverriddenProperty,
        IEventSymbol e => e.OverriddenEvent,
        _ => null,
    };

    private static bool Applies(Overloads overloads, ISymbol member, IOperation? use)
    {
        var parameters = member switch
        {
            IMethodSymbol m => m.Parameters,
            IPropertySymbol p => p.Parameters,
            _ => [],
        };
        switch (overloads)
        {
            case Overloads.All:
                return true;
            case Overloads.WithoutTimeProvider:
                return member is IMethodSymbol && !Any(parameters, IsTimeProvider);
            case Overloads.WithDelayWithoutTimeProvider:
                return member is IMethodSymbol && !Any(parameters, IsTimeProvider) && Any(parameters, IsDelay);
            case Overloads.WithParameters:
                return parameters.Length > 0;
            case Overloads.WithoutParameters:
                return member is IMethodSymbol && parameters.Length == 0;
            case Overloads.WithoutScheduler:
                return !Any(parameters, p => IsNamed(p.Type, "System.Threading.Tasks", "TaskScheduler"));
            case Overloads.UnlessArgumentIsTrue:
                if (use is IInvocationOperation invocation)
                {
                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Parameter?.Type.SpecialType == SpecialType.System_Boolean)
                            return !(argument.Value.ConstantValue is { HasValue: true, Value: true });
                    }
                }
                return true;
            case Overloads.WhenSet:
                return use is not null && IsAssigned(use);
            default:
                return true;
        }
    }

    private static bool IsAssigned(IOperation use) => use.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == use,
        IIncrementOrDecrementOperation => true,
        _ => false,
    };

    private static bool Any(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters, Func<IParameterSymbol, bool> test)
    {
        foreach (var parameter in parameters)
        {
            if (test(parameter)) return true;
        }
        return false;
    }

    private static bool IsTimeProvider(IParameterSymbol parameter) => IsNamed(parameter.Type, "System", "TimeProvider");

    private static bool IsDelay(IParameterSymbol parameter) =>
        IsNamed(parameter.Type, "System", "TimeSpan")
        || parameter.Type.SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64
            && parameter.Name.IndexOf("millisecond", StringComparison.OrdinalIgnoreCase) >= 0;

    private static bool IsNamed(ITypeSymbol type, string ns, string name) =>
        type is INamedTypeSymbol named && named.Name == name && named.ContainingType is null && SymbolNames.Namespace(named) == ns;

    /// <summary><paramref name="ns"/> is one of <paramref name="roots"/> or below one.</summary>
    private static bool IsIn(string ns, IReadOnlyList<string> roots)
    {
        foreach (string root in roots)
        {
            if (ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static bool IsException(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (IsNamed(t, "System", "Exception")) return true;
        }
        return false;
    }

    private static DiagnosticDescriptor Descriptor(INamedTypeSymbol type, TypeVerdict verdict)
    {
        if (verdict.UnsafeCode) return SubmissionDiagnostics.UnsafeCode;
        return SymbolNames.Namespace(type) == ExpressionsNamespace ? SubmissionDiagnostics.ExpressionTree : SubmissionDiagnostics.RefusedApi;
    }
}
