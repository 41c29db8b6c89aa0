using System.Buffers;
using System.Text;
using KvService.Contract;
using KvService.Reference;

namespace LabRpc.Tests.Kv.Memory;

/// <summary>
/// A correct implementation whose server encodes each Put's value through a buffer rented from a pool (five bytes per
/// character, returned at once), as serializers do: <c>JsonSerializer.SerializeToUtf8Bytes</c> of a 10 MiB string can leave
/// 32 MiB in <see cref="ArrayPool{T}.Shared"/>. The pool is this object's, made once and never trimmed (the shared pool
/// gives its buffers back when the machine is short of memory, so a test of it would depend on the machine): it keeps the
/// buffer outside the server, and the memory checks must not charge it to the server. The reference server and clerk otherwise.
/// </summary>
public sealed class PoolingKv : IKvImplementation
{
    private readonly ArrayPool<byte> _pool = ArrayPool<byte>.Create(maxArrayLength: 128 << 20, maxArraysPerBucket: 1);

    /// <inheritdoc/>
    public string Name => "pooling";

    /// <inheritdoc/>
    public Server CreateServer(IRuntime runtime, Persister persister) => new(new Service(new PoolingServer(new KvServer(persister), _pool), KvServer.ServiceName));

    /// <inheritdoc/>
    public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new KvClerk(runtime, servers);

    /// <summary>The reference server, with a pooled encoding of each Put's value on the way.</summary>
    public sealed class PoolingServer(KvServer inner, ArrayPool<byte> pool)
    {
        /// <summary>Bytes the last Put's value encoded to (so that the encoding is not optimized away).</summary>
        public int LastEncodedLength { get; private set; }

        /// <summary>Get handler.</summary>
        public Utf8GetReply Get(GetArgs args) => inner.Get(args);

        /// <summary>Put handler.</summary>
        public PutReply Put(PutArgs args)
        {
            ArgumentNullException.ThrowIfNull(args);
            byte[] buffer = pool.Rent(5 * args.Value.Length + 1);
            LastEncodedLength = Encoding.UTF8.GetBytes(args.Value, buffer);
            pool.Return(buffer);
            return inner.Put(args);
        }

        /// <summary>Append handler.</summary>
        public Utf8AppendReply Append(AppendArgs args) => inner.Append(args);
    }
}
