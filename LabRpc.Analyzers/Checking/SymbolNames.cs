using System.Text;
using Microsoft.CodeAnalysis;

namespace LabRpc.Analyzers.Checking;

/// <summary>The names the rules use for types and members, and the short names a message shows.</summary>
internal static class SymbolNames
{
    private static readonly SymbolDisplayFormat Short = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeParameters,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.ExpandNullable);

    /// <summary>A type's full name without generic arity, nested types joined with '.': the key of its rules.</summary>
    public static string FullName(INamedTypeSymbol type)
    {
        var builder = new StringBuilder(type.Name);
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) builder.Insert(0, outer.Name + ".");
        string ns = Namespace(type);
        if (ns.Length > 0) builder.Insert(0, ns + ".");
        return builder.ToString();
    }

    /// <summary>The namespace a type is declared in ("" for the global namespace).</summary>
    public static string Namespace(INamedTypeSymbol type)
    {
        var outermost = type;
        while (outermost.ContainingType is not null) outermost = outermost.ContainingType;
        var ns = outermost.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? "" : ns.ToDisplayString();
    }

    /// <summary>The name a <see cref="Rules.MemberRule"/> gives the member.</summary>
    public static string MemberName(ISymbol member) => member switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor } => "new",
        IPropertySymbol { IsIndexer: true } => "this[]",
        _ => member.Name,
    };

    /// <summary>The short name a message shows: <c>Task.Run(Func&lt;Task&gt;)</c>, <c>DateTime.Now</c>, <c>new Random()</c>, <c>Thread</c>.</summary>
    public static string Display(ISymbol symbol)
    {
        if (symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
        {
            string type = constructor.ContainingType.ToDisplayString(Short);
            string all = constructor.ToDisplayString(Short);
            int open = all.IndexOf('(');
            return "new " + type + (open >= 0 ? all.Substring(open) : "()");
        }
        return symbol.ToDisplayString(Short);
    }
}
