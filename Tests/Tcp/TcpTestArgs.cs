namespace LabRpc.Tests.Tcp;

/// <summary>Arguments of a type no handler of <see cref="TcpTestService"/> takes.</summary>
public sealed record TcpTestArgs(int Value);
