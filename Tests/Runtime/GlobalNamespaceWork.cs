using System.Runtime.CompilerServices;

// Student code often has no namespace: strict escape detection must still show where it queued work.
internal static class GlobalNamespaceWork
{
    [MethodImpl(MethodImplOptions.NoInlining)] // a frame of its own in the stack, as a larger method would have
    public static Task<int> QueueToThePool() => Task.Run(() => 1);
}
