namespace LabRpc;

/// <summary>
/// Runs tasks queued to a node (<c>Task.Factory.StartNew</c> and <c>ContinueWith</c> inside a
/// simulated task) on the simulation's loop, so they stay on its thread.
/// </summary>
internal sealed class NodeTaskScheduler(NodeContext context) : TaskScheduler
{
    private static readonly SimCallback RunTask = static (state, _) =>
    {
        var task = (Task)state!;
        ((NodeContext)SynchronizationContext.Current!).Scheduler.TryExecuteTask(task);
    };

    public override int MaximumConcurrencyLevel => 1;

    protected override void QueueTask(Task task)
    {
        var sim = context.Simulation;
        if (!sim.OnSimulationThread)
        {
            sim.ReportForeignPost(context, task);
            return;
        }
        sim.Post(context, RunTask, task);
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        context.Simulation.OnSimulationThread
        && ReferenceEquals(SynchronizationContext.Current, context)
        && context.Alive
        && TryExecuteTask(task);

    protected override IEnumerable<Task>? GetScheduledTasks() => null;

    private new bool TryExecuteTask(Task task) => base.TryExecuteTask(task);
}
