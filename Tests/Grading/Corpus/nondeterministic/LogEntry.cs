namespace Students.Nondeterministic;

// One Put or Append as it is saved in the log.
sealed record LogEntry(bool IsAppend, long ClientId, long Seq, string Key, string Value)
{
    public void Write(BinaryWriter writer)
    {
        writer.Write(IsAppend);
        writer.Write(ClientId);
        writer.Write(Seq);
        writer.Write(Key);
        writer.Write(Value);
    }

    public static LogEntry Read(BinaryReader reader) =>
        new(reader.ReadBoolean(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadString(), reader.ReadString());
}
