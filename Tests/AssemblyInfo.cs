// Test fixtures run two at a time (each simulation is single-threaded and independent of the others);
// fixtures that measure the process's heap are [NonParallelizable] and run alone.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]
