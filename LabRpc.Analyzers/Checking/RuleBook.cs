using System;
using System.Collections.Generic;
using System.Linq;
using LabRpc.Analyzers.Rules;

namespace LabRpc.Analyzers.Checking;

/// <summary><see cref="SubmissionRules"/> indexed for look-up: types by full name, namespaces, members by type and name.</summary>
internal sealed class RuleBook
{
    private static readonly IReadOnlyList<MemberRule> None = [];

    private readonly Dictionary<string, TypeRule> _types = new(StringComparer.Ordinal);
    private readonly HashSet<string> _allowedNamespaces = new(StringComparer.Ordinal);
    private readonly List<NamespaceRule> _refusedNamespaces; // longest first, so that the nearest one gives the reason
    private readonly Dictionary<string, List<MemberRule>> _members = new(StringComparer.Ordinal);

    private RuleBook(IEnumerable<NamespaceRule> namespaces, IEnumerable<TypeRule> types, IEnumerable<MemberRule> members)
    {
        var refused = new List<NamespaceRule>();
        foreach (var rule in namespaces)
        {
            if (rule.Allowed) _allowedNamespaces.Add(rule.Name);
            else refused.Add(rule);
        }
        _refusedNamespaces = [.. refused.OrderByDescending(r => r.Name.Length)];
        foreach (var rule in types) _types.Add(rule.Name, rule); // a name listed twice is a mistake in the rules: fail loudly
        foreach (var rule in members)
        {
            string key = rule.Type + "::" + rule.Member;
            if (!_members.TryGetValue(key, out var list)) _members[key] = list = [];
            list.Add(rule);
        }
    }

    /// <summary>The rules of <see cref="SubmissionRules"/>.</summary>
    public static RuleBook Instance { get; } = new(SubmissionRules.Namespaces, SubmissionRules.Types, SubmissionRules.Members);

    /// <summary>The rule for the type named <paramref name="fullName"/>, if one names it.</summary>
    public TypeRule? Type(string fullName) => _types.TryGetValue(fullName, out var rule) ? rule : null;

    /// <summary>The namespace is allowed as a whole.</summary>
    public bool IsAllowed(string ns) => _allowedNamespaces.Contains(ns);

    /// <summary>The refused namespace nearest above (or at) <paramref name="ns"/>, if any.</summary>
    public NamespaceRule? RefusedNamespace(string ns)
    {
        foreach (var rule in _refusedNamespaces)
        {
            if (ns.Length == rule.Name.Length ? ns == rule.Name : ns.StartsWith(rule.Name + ".", StringComparison.Ordinal)) return rule;
        }
        return null;
    }

    /// <summary>The rules for <paramref name="member"/> of the type named <paramref name="typeName"/>.</summary>
    public IReadOnlyList<MemberRule> Members(string typeName, string member) =>
        _members.TryGetValue(typeName + "::" + member, out var list) ? list : None;
}
