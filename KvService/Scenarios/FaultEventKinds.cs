namespace KvService.Scenarios;

/// <summary>The kind of a fault, as the KV scenarios' fault mixes count it.</summary>
public static class FaultEventKinds
{
    extension(FaultEvent fault)
    {
        /// <summary>Which kind of fault this is, for fault mixes (a cut end or link counts as a client cut off).</summary>
        public FaultKinds Kind => fault switch
        {
            UnreliableNetwork => FaultKinds.Unreliable,
            LongReordering => FaultKinds.LongReordering,
            DropsAndDelays => FaultKinds.DropsAndDelays,
            DuplicateRequests => FaultKinds.Duplicates,
            ClientIsolation or Isolation or LinkPartition => FaultKinds.ClientIsolation,
            _ => FaultKinds.Crash,
        };
    }
}
