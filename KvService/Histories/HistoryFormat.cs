namespace KvService.Histories;

/// <summary>The history file formats the checker command reads.</summary>
public enum HistoryFormat
{
    /// <summary>A Jepsen log of a compare-and-set register (Porcupine's etcd histories); see <see cref="JepsenLogReader"/>.</summary>
    JepsenRegister,

    /// <summary>One EDN map per event of the KV service (Porcupine's kv histories, and the harness's); see <see cref="KvHistoryReader"/>.</summary>
    Kv,
}
