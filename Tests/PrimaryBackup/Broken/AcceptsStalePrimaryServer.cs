using KvService.PrimaryBackup.Reference;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>Broken (split brain): a server takes forwards and Get confirmations from the primary of an older view, so a
/// primary the view service replaced goes on answering, and its writes land beside the new primary's.</summary>
internal sealed class AcceptsStalePrimaryServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers)
    : PbServer(runtime, persister, me, viewService, peers)
{
    protected override bool AcceptsForward(ForwardArgs args) => args.ViewNumber < View.Number || base.AcceptsForward(args);
}
