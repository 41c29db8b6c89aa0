using KvService.Contract;
using LabRpc;

namespace Students.ForgetsOnCrash;

// What the server remembers about a client: its last Put/Append and, for an Append, the old value it
// returned (so a retry gets the same answer).
sealed record LastWrite(long Seq, string? OldValue);

// The server: the store and the duplicate table, in memory.
// (Nothing goes to the persister: a crash loses every value and the duplicate table with them.)
public sealed class KvServer
{
    readonly object mu = new();
    readonly Dictionary<string, string> data = new();
    readonly Dictionary<long, LastWrite> clients = new();

    public GetReply Get(GetArgs args)
    {
        lock (mu)
        {
            return new GetReply(data.GetValueOrDefault(args.Key, ""));
        }
    }

    public PutReply Put(PutArgs args)
    {
        lock (mu)
        {
            if (!IsDuplicate(args.ClientId, args.Seq))
            {
                data[args.Key] = args.Value;
                clients[args.ClientId] = new LastWrite(args.Seq, null);
            }
            return new PutReply();
        }
    }

    public AppendReply Append(AppendArgs args)
    {
        lock (mu)
        {
            if (clients.TryGetValue(args.ClientId, out var last) && args.Seq <= last.Seq)
                return new AppendReply(args.Seq == last.Seq ? last.OldValue ?? "" : "");
            string old = data.GetValueOrDefault(args.Key, "");
            data[args.Key] = old + args.Value;
            clients[args.ClientId] = new LastWrite(args.Seq, old);
            return new AppendReply(old);
        }
    }

    bool IsDuplicate(long clientId, long seq) => clients.TryGetValue(clientId, out var last) && seq <= last.Seq;
}
