namespace LabRpc.Tests.Scenarios;

/// <summary>What a run of a scenario property found, for scenarios of type <typeparamref name="TScenario"/> (a KV or a
/// primary/backup scenario).</summary>
/// <typeparam name="TScenario">The scenario type the property draws.</typeparam>
/// <param name="Passed">True if every scenario passed.</param>
/// <param name="Tests">Scenarios run until the first failure (or all of them).</param>
/// <param name="Original">The first failing scenario, as generated.</param>
/// <param name="Shrunk">The smallest failing scenario FsCheck's shrinking reached.</param>
/// <param name="Shrinks">How many shrinking steps FsCheck took.</param>
/// <param name="Message">FsCheck's report.</param>
/// <param name="Blocked">The first failing run blocked the simulation's thread: it was not shrunk (every try could wait the
/// stall timeout), so <paramref name="Shrunk"/> is <paramref name="Original"/>.</param>
internal sealed record PropertyOutcome<TScenario>(bool Passed, int Tests, TScenario? Original, TScenario? Shrunk, int Shrinks, string Message, bool Blocked = false)
    where TScenario : class;
