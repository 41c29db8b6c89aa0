using System.Text;

namespace LabRpc;

/// <summary>What a run still waits for, for its error messages: the tasks started with <see cref="Simulation.Go"/> that have
/// not finished, and the describers (a network's calls in flight) that list what else is pending.</summary>
internal sealed class PendingWork
{
    private const int MaxPendingLines = 30;

    private readonly Dictionary<int, GoTask> _liveTasks = [];
    private readonly List<Func<IEnumerable<string>>> _describers = [];

    public void Started(int taskId, GoTask task) => _liveTasks[taskId] = task;

    public void Finished(int taskId) => _liveTasks.Remove(taskId);

    public void AddDescriber(Func<IEnumerable<string>> describer) => _describers.Add(describer);

    /// <summary>The lines of what is still pending (the describers' calls, the named tasks), at most
    /// <see cref="MaxPendingLines"/> of them: a run of thousands of clients would otherwise give a message as long.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        int lines = 0, more = 0;
        void Line(string line)
        {
            if (lines++ < MaxPendingLines) text.Append("\n  - ").Append(line);
            else more++;
        }
        foreach (var describe in _describers)
            foreach (string line in describe())
                Line(line);
        int unnamed = 0;
        foreach (var task in _liveTasks.Values)
        {
            if (task.Name is null) unnamed++;
            else Line($"task '{task.Name}' on node '{task.Context}', started at {new TimeSpan(task.StartedTicks)}, has not finished");
        }
        if (more > 0) text.Append($"\n  - and {more} more");
        if (unnamed > 0) text.Append($"\n  - {unnamed} unnamed task(s) started with Go have not finished");
        return text.Length == 0 ? "" : "\nPending:" + text;
    }
}
