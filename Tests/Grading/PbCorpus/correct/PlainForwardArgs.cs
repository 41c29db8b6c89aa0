using LabRpc;
namespace Students.PbCorrect;

/// <summary>A write (<c>Put</c>, <c>Append</c>) or a Get's confirmation (<c>Get</c>) that the primary of
/// <paramref name="View"/> sends its backup before it answers the client.</summary>
public sealed record PlainForwardArgs(long View, string Primary, string Op, string Key, string Value, long ClientId, long Seq);
