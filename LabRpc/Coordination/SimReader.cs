using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace LabRpc;

/// <summary>A channel reader that passes everything to the runtime's, but for <see cref="ReadAllAsync"/>, whose awaits
/// come back to the simulation.</summary>
internal sealed class SimReader<T>(ChannelReader<T> inner) : ChannelReader<T>
{
    public override Task Completion => inner.Completion;

    public override bool CanCount => inner.CanCount;

    public override bool CanPeek => inner.CanPeek;

    public override int Count => inner.Count;

    public override bool TryRead(out T item) => inner.TryRead(out item!);

    public override bool TryPeek(out T item) => inner.TryPeek(out item!);

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);

    public override ValueTask<T> ReadAsync(CancellationToken cancellationToken = default) => inner.ReadAsync(cancellationToken);

    /// <summary>Every item, until the channel is completed; each await resumes on the caller's node.</summary>
    public override async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await WaitToReadAsync(cancellationToken))
        {
            while (TryRead(out var item)) yield return item;
        }
    }
}
