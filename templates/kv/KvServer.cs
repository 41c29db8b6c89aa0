using KvService.Contract;
using LabRpc;

namespace mykv;

/// <summary>
/// The server. Every public method that takes one message and returns its reply is an RPC handler, named
/// "KvServer.&lt;method&gt;". Your job: execute each Put and Append at most once (a retry carries the same client id and
/// sequence number and must get the first answer back, Append's old value included), keep what you remember per client
/// bounded, and persist enough that a crash loses nothing that was acknowledged.
/// </summary>
public sealed class KvServer(Persister persister)
{
    private readonly Dictionary<string, string> _data = [];

    public GetReply Get(GetArgs args) => new(_data.GetValueOrDefault(args.Key, ""));

    public PutReply Put(PutArgs args)
    {
        // TODO: detect a retry of a Put already done (args.ClientId, args.Seq); persist before you answer.
        _data[args.Key] = args.Value;
        return new PutReply();
    }

    public AppendReply Append(AppendArgs args)
    {
        // TODO: a retry must get the same old value back and must not append twice; persist before you answer.
        _ = persister;
        return new AppendReply("");
    }
}
