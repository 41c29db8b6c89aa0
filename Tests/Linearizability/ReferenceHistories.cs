using KvService.Histories;
using KvService.Model;
using LabRpc.Linearizability;

namespace LabRpc.Tests.Linearizability;

/// <summary>Porcupine's reference histories and their verdicts (data/histories/verdicts.txt).</summary>
internal static class ReferenceHistories
{
    public static IEnumerable<(string File, bool Linearizable)> Verdicts() =>
        File.ReadLines(Path.Combine(RepoPaths.Histories, "verdicts.txt"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(parts => (parts[0], bool.Parse(parts[1])));

    public static string PathOf(string file) => Path.Combine(RepoPaths.Histories, file);

    public static CheckOutcome Check(string file, CheckOptions? options = null)
    {
        var path = PathOf(file);
        return HistoryFormats.Detect(File.ReadLines(path)) switch
        {
            HistoryFormat.JepsenRegister =>
                LinearizabilityChecker.Check(CasRegisterModel.Model, JepsenLogReader.ReadFile(path), options).Outcome,
            _ => LinearizabilityChecker.Check(KvModel.Partitioned, KvHistoryReader.ReadFile(path), options).Outcome,
        };
    }
}
