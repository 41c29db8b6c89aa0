using System.Collections.Concurrent;
using LabRpc.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LabRpc.Analyzers.Checking;

/// <summary>One compilation's analysis: the checker and its caches, and the diagnostics already reported (one per
/// place and refused thing, however many operations and actions reach it there).</summary>
internal sealed class AnalysisRun(SymbolChecker checker)
{
    private readonly ConcurrentDictionary<(string, int, int, string, string), byte> _reported = new();

    public void AnalyzeOperation(OperationAnalysisContext context)
    {
        var operation = context.Operation;
        if (InsideNameof(operation)) return;
        // A local's type is checked where it is declared (out var, pattern and foreach variables here); its later uses
        // add nothing.
        if (operation is ILocalReferenceOperation { IsDeclaration: false }) return;
        var violation = CheckBound(operation, context) ?? CheckOperationType(operation);
        if (violation is not null) Report(context.ReportDiagnostic, violation, PreciseLocation(operation.Syntax));
    }

    private Violation? CheckBound(IOperation operation, OperationAnalysisContext context)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                return checker.CheckMember(invocation.TargetMethod, invocation);
            case IObjectCreationOperation creation:
                return creation.Constructor is { } constructor ? checker.CheckMember(constructor, creation) : checker.CheckType(creation.Type);
            case IMemberReferenceOperation reference:
                return checker.CheckMember(reference.Member, reference);
            case IConversionOperation conversion:
                if (conversion.Operand is IAnonymousFunctionOperation && conversion.Type is INamedTypeSymbol target && SymbolNames.Namespace(target) == "System.Linq.Expressions")
                    return new Violation(SubmissionDiagnostics.ExpressionTree, "a lambda converted to " + SymbolNames.Display(target), "expression trees compile code at run time", "use a lambda as a delegate (Func<...>), not an Expression<...>");
                return Operator(conversion.OperatorMethod, conversion);
            case IBinaryOperation binary:
                return Operator(binary.OperatorMethod, binary);
            case IUnaryOperation unary:
                return Operator(unary.OperatorMethod, unary);
            case IIncrementOrDecrementOperation increment:
                return Operator(increment.OperatorMethod, increment);
            case ICompoundAssignmentOperation compound:
                return Operator(compound.OperatorMethod, compound);
            case ITypeOfOperation typeOf:
                return checker.CheckType(typeOf.TypeOperand);
            case IIsTypeOperation isType:
                return checker.CheckType(isType.TypeOperand);
            case IDeclarationPatternOperation declaration:
                return checker.CheckType(declaration.MatchedType);
            case ITypePatternOperation typePattern:
                return checker.CheckType(typePattern.MatchedType);
            case IRecursivePatternOperation recursive:
                return checker.CheckType(recursive.MatchedType)
                    ?? (recursive.DeconstructSymbol is { } deconstruct ? checker.CheckMember(deconstruct, recursive) : null);
            case IVariableDeclaratorOperation declarator:
                return checker.CheckType(declarator.Symbol.Type);
            case IForEachLoopOperation loop when loop.Syntax is CommonForEachStatementSyntax statement:
                var info = context.Operation.SemanticModel?.GetForEachStatementInfo(statement);
                return info is { } each ? Members(each.GetEnumeratorMethod, each.MoveNextMethod, each.CurrentProperty, each.DisposeMethod) : null;
            case IAwaitOperation await when await.Syntax is AwaitExpressionSyntax awaitSyntax:
                var awaitInfo = context.Operation.SemanticModel?.GetAwaitExpressionInfo(awaitSyntax);
                // The awaiter's own GetResult is what await is for (explicit GetResult() calls are checked as calls).
                return awaitInfo is { } awaiting ? checker.CheckType(awaiting.GetAwaiterMethod?.ReturnType) : null;
            case IDeconstructionAssignmentOperation { Syntax: AssignmentExpressionSyntax deconstructionSyntax }:
                return Deconstruct(context.Operation.SemanticModel?.GetDeconstructionInfo(deconstructionSyntax));
            case ICollectionExpressionOperation collection:
                return collection.ConstructMethod is { } construct ? checker.CheckMember(construct, collection) : null;
            case IImplicitIndexerReferenceOperation implicitIndexer:
                return checker.CheckMember(implicitIndexer.LengthSymbol, implicitIndexer) ?? checker.CheckMember(implicitIndexer.IndexerSymbol, implicitIndexer);
            case ILocalFunctionOperation localFunction:
                return Signature(localFunction.Symbol);
            case ICatchClauseOperation catchClause:
                return checker.CheckType(catchClause.ExceptionType);
            case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation or IDynamicIndexerAccessOperation:
                return new Violation(SubmissionDiagnostics.Dynamic, "dynamic", "it binds members by name at run time, which is reflection", "use static types");
            case IAddressOfOperation or IFunctionPointerInvocationOperation:
                return new Violation(SubmissionDiagnostics.UnsafeCode, operation.Syntax.ToString(), "pointers reach memory past the runtime's checks", "use safe code: arrays, Span<T>, Memory<T>");
            default:
                return null;
        }
    }

    private Violation? CheckOperationType(IOperation operation) => checker.CheckType(operation.Type);

    private Violation? Operator(IMethodSymbol? method, IOperation use) => method is null ? null : checker.CheckMember(method, use);

    private Violation? Members(params ISymbol?[] members)
    {
        foreach (var member in members)
        {
            if (member is not null && checker.CheckMember(member, null) is { } violation) return violation;
        }
        return null;
    }

    private Violation? Deconstruct(DeconstructionInfo? info)
    {
        if (info is not { } deconstruction) return null;
        if (deconstruction.Method is { } method && checker.CheckMember(method, null) is { } violation) return violation;
        foreach (var nested in deconstruction.Nested)
        {
            if (Deconstruct(nested) is { } inner) return inner;
        }
        return null;
    }

    private Violation? Signature(IMethodSymbol method)
    {
        if (method.IsExtern)
            return new Violation(SubmissionDiagnostics.UnsafeCode, SymbolNames.Display(method), "an extern method is native code", "write the method in C#");
        if (checker.CheckType(method.ReturnsVoid ? null : method.ReturnType) is { } returned) return returned.In(SymbolNames.Display(method));
        foreach (var parameter in method.Parameters)
        {
            if (checker.CheckType(parameter.Type) is { } refused) return refused.In(SymbolNames.Display(method));
        }
        return checker.CheckTypeParameters(method.TypeParameters)?.In(SymbolNames.Display(method));
    }

    public void AnalyzeSymbol(SymbolAnalysisContext context)
    {
        var symbol = context.Symbol;
        if (symbol.IsImplicitlyDeclared) return;
        Violation? violation = symbol switch
        {
            INamedTypeSymbol type => checker.CheckDeclaredType(type),
            IMethodSymbol { MethodKind: MethodKind.Destructor } destructor => new Violation(SubmissionDiagnostics.Finalizer, "~" + destructor.ContainingType.Name + "()",
                "a finalizer runs on the runtime's finalizer thread, outside the simulation, when the garbage collector decides", "release what you hold explicitly (IDisposable), or let the collector take it"),
            IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.EventRaise } => null,
            IMethodSymbol method => Signature(method),
            IFieldSymbol field => field.IsFixedSizeBuffer
                ? new Violation(SubmissionDiagnostics.UnsafeCode, SymbolNames.Display(field), "a fixed-size buffer is unsafe code", "use an array or an [InlineArray] struct")
                : checker.CheckType(field.Type)?.In(SymbolNames.Display(field)),
            IPropertySymbol property => checker.CheckType(property.Type)?.In(SymbolNames.Display(property)),
            IEventSymbol e => checker.CheckType(e.Type)?.In(SymbolNames.Display(e)),
            _ => null,
        };
        if (violation is null) return;
        foreach (var location in symbol.Locations)
        {
            if (!location.IsInSource) continue;
            Report(context.ReportDiagnostic, violation, location);
            break;
        }
    }

    public void AnalyzeAttribute(SyntaxNodeAnalysisContext context)
    {
        var attribute = (AttributeSyntax)context.Node;
        var symbol = context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol;
        Violation? violation = symbol is IMethodSymbol constructor
            ? checker.CheckType(constructor.ContainingType) ?? checker.CheckMember(constructor, null)
            : null;
        if (violation is not null) Report(context.ReportDiagnostic, violation, attribute.GetLocation());
    }

    public void AnalyzeTypeOf(SyntaxNodeAnalysisContext context)
    {
        var typeOf = (TypeOfExpressionSyntax)context.Node;
        var type = context.SemanticModel.GetTypeInfo(typeOf.Type, context.CancellationToken).Type;
        if (checker.CheckType(type) is { } violation) Report(context.ReportDiagnostic, violation, typeOf.GetLocation());
    }

    public void AnalyzeTree(SyntaxTreeAnalysisContext context)
    {
        var root = context.Tree.GetRoot(context.CancellationToken);
        foreach (var item in root.DescendantNodesAndTokens(descendIntoTrivia: false))
        {
            Violation? violation = null;
            if (item.IsToken)
            {
                var token = item.AsToken();
                violation = token.Kind() switch
                {
                    SyntaxKind.UnsafeKeyword => Unsafe("unsafe", "unsafe code reaches memory past the runtime's checks"),
                    SyntaxKind.FixedKeyword => Unsafe("fixed", "fixed pins memory for pointers"),
                    SyntaxKind.ExternKeyword when token.Parent is not ExternAliasDirectiveSyntax => Unsafe("extern", "an extern method is native code"),
                    SyntaxKind.MakeRefKeyword => Unsafe("__makeref", "typed references reach memory past the runtime's checks"),
                    SyntaxKind.RefValueKeyword => Unsafe("__refvalue", "typed references reach memory past the runtime's checks"),
                    SyntaxKind.RefTypeKeyword => Unsafe("__reftype", "typed references reach memory past the runtime's checks"),
                    SyntaxKind.ArgListKeyword => Unsafe("__arglist", "variable argument lists reach memory past the runtime's checks"),
                    _ => null,
                };
                if (violation is not null) Report(context.ReportDiagnostic, violation, token.GetLocation());
                continue;
            }
            var node = item.AsNode()!;
            violation = node.Kind() switch
            {
                SyntaxKind.PointerType => Unsafe(node.ToString(), "pointers reach memory past the runtime's checks"),
                SyntaxKind.FunctionPointerType => Unsafe(node.ToString(), "function pointers call code past the runtime's checks"),
                SyntaxKind.DestructorDeclaration => new Violation(SubmissionDiagnostics.Finalizer, "~" + ((DestructorDeclarationSyntax)node).Identifier.Text + "()",
                    "a finalizer runs on the runtime's finalizer thread, outside the simulation, when the garbage collector decides", "release what you hold explicitly (IDisposable), or let the collector take it"),
                _ => null,
            };
            if (violation is not null) Report(context.ReportDiagnostic, violation, node.GetLocation());
        }
    }

    private static Violation Unsafe(string what, string why) =>
        new(SubmissionDiagnostics.UnsafeCode, what, why, "use safe code: arrays, Span<T>, Memory<T>");

    private void Report(System.Action<Diagnostic> report, Violation violation, Location location)
    {
        var key = (location.SourceTree?.FilePath ?? "", location.SourceSpan.Start, location.SourceSpan.Length, violation.Descriptor.Id, violation.What);
        if (!_reported.TryAdd(key, 0)) return;
        report(Diagnostic.Create(violation.Descriptor, location, violation.What, violation.Why, violation.Instead));
    }

    private static bool InsideNameof(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is INameOfOperation) return true;
        }
        return false;
    }

    /// <summary>Where to point: the member's name in <c>a.B(...)</c>, the type in <c>new T(...)</c>, else the whole node.</summary>
    private static Location PreciseLocation(SyntaxNode syntax) => syntax switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.GetLocation(),
        MemberAccessExpressionSyntax access => access.Name.GetLocation(),
        ObjectCreationExpressionSyntax creation => creation.Type.GetLocation(),
        _ => syntax.GetLocation(),
    };
}
