using System.Text.RegularExpressions;

namespace LabRpc.Tests.Grading;

/// <summary>
/// The submission rules (LabRpc.Analyzers) as the grader applies them: each refused category is reported with its id, on
/// the line that uses it, with what to use instead, including the indirect routes (method groups, extension methods,
/// generic arguments, base types, attributes, conversions, expression trees); what a student needs is not reported.
/// </summary>
public sealed class SubmissionRulesTests
{
    /// <summary>A file whose method holds <paramref name="statements"/> on the line marked <c>// &lt;-</c>.</summary>
    private static string InMethod(string statements) => $$"""
        using KvService.Contract;
        using LabRpc;
        using Microsoft.Extensions.Logging;

        namespace Students.Snippets;

        public sealed class Code
        {
            public async Task Run(IRuntime runtime, ClientEnd end, Persister persister, object obj, Task<int> task, SemaphoreSlim semaphore, ILoggerFactory loggers)
            {
                {{statements}} // <-
                await Task.CompletedTask;
            }
        }
        """;

    /// <summary>A file whose class holds <paramref name="members"/> on the line marked <c>// &lt;-</c>.</summary>
    private static string InClass(string members) => $$"""
        using LabRpc;

        namespace Students.Snippets;

        public sealed class Code
        {
            {{members}} // <-
        }
        """;

    private static IReadOnlyList<string> Errors(string source, bool mayNotCompile = false)
    {
        var errors = SubmissionCheck.Snippet(source);
        TestContext.Out.WriteLine(string.Join("\n", errors));
        if (!mayNotCompile) Assert.That(errors.Where(e => e.Contains(": error CS", StringComparison.Ordinal)), Is.Empty, "the snippet compiles");
        return errors;
    }

    private static void AssertReported(IReadOnlyList<string> errors, int line, string id, string api, string instead = "") =>
        Assert.That(errors, Has.Some.Match($@"^Snippet\.cs\({line},\d+\): error {id}: '[^']*{Regex.Escape(api)}[^']*' is refused in a submission: .*{Regex.Escape(instead)}"));

    [Test]
    public void TaskRunIsRefusedWithTheLineAndWhatToUseInstead()
    {
        string source = InMethod("await Task.Run(() => 1);");
        int line = SubmissionCheck.LineOf(source);
        int column = source.Split('\n')[line - 1].IndexOf("Run(", StringComparison.Ordinal) + 1;
        var errors = Errors(source);
        Assert.That(errors, Is.EqualTo(new[]
        {
            $"Snippet.cs({line},{column}): error LABRPC001: 'Task.Run<int>(Func<int>)' is refused in a submission: " +
            "it runs work on the thread pool, outside the simulation; use runtime.Go(...) or runtime.Spawn(...)",
        }));
    }

    [TestCase("Func<Func<Task>, Task> start = Task.Run;", "Task.Run")]
    [TestCase("var clock = () => DateTime.UtcNow;", "DateTime.UtcNow")]
    [TestCase("Func<TimeSpan, Task> sleep = Task.Delay;", "Task.Delay(TimeSpan)")]
    public void AMethodGroupOrLambdaReachingARefusedApiIsRefused(string statement, string api)
    {
        string source = InMethod(statement);
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC001", api);
    }

    [TestCase("Console.WriteLine(DateTime.Now);", "DateTime.Now", "runtime.Time.GetUtcNow()")]
    [TestCase("var now = DateTimeOffset.UtcNow;", "DateTimeOffset.UtcNow", "runtime.Time.GetUtcNow()")]
    [TestCase("var clock = TimeProvider.System;", "TimeProvider.System", "runtime.Time")]
    [TestCase("var ticks = Environment.TickCount64;", "Environment.TickCount64", "runtime.Time.GetUtcNow()")]
    [TestCase("var watch = System.Diagnostics.Stopwatch.StartNew();", "Stopwatch", "runtime.Time.GetTimestamp()")]
    [TestCase("await Task.Delay(10);", "Task.Delay(int)", "Task.Delay(d, runtime.Time)")]
    [TestCase("await task.WaitAsync(TimeSpan.FromSeconds(1));", "WaitAsync(TimeSpan)", "WaitAsync(timeout, runtime.Time)")]
    [TestCase("using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));", "new CancellationTokenSource(TimeSpan)", "new CancellationTokenSource(delay, runtime.Time)")]
    [TestCase("using var cts = new CancellationTokenSource(); cts.CancelAfter(100);", "CancellationTokenSource.CancelAfter(int)", "runtime.Time")]
    [TestCase("using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));", "new PeriodicTimer(TimeSpan)", "new PeriodicTimer(period, runtime.Time)")]
    [TestCase("await semaphore.WaitAsync(50);", "SemaphoreSlim.WaitAsync(int)", "WaitAsync()")]
    [TestCase("using var timer = new Timer(_ => { }, null, 10, 10);", "Timer", "runtime.Delay")]
    public void TheMachinesClockAndRealTimersAreRefused(string statement, string api, string instead)
    {
        string source = InMethod(statement);
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC001", api, instead);
    }

    [TestCase("var id = Random.Shared.NextInt64();", "Random.Shared", "runtime.Random")]
    [TestCase("var random = new Random();", "new Random()", "runtime.Random")]
    [TestCase("var id = Guid.NewGuid();", "Guid.NewGuid()", "runtime.Random")]
    [TestCase("var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(8);", "RandomNumberGenerator", "runtime.Random")]
    public void RandomnessOutsideTheSeedIsRefused(string statement, string api, string instead)
    {
        string source = InMethod(statement);
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC001", api, instead);
    }

    [TestCase("new Thread(() => { }).Start();", "Thread", "runtime.Go")]
    [TestCase("ThreadPool.QueueUserWorkItem(_ => { });", "ThreadPool", "runtime.Go")]
    [TestCase("Parallel.For(0, 10, i => { });", "Parallel", "WaitGroup")]
    [TestCase("await Task.Factory.StartNew(() => { });", "Task.Factory", "runtime.Go")]
    [TestCase("await task.ContinueWith(t => t.Result);", "Task<int>.ContinueWith", "await the task")]
    [TestCase("var sum = new[] { 1, 2 }.AsParallel().Sum();", "ParallelEnumerable.AsParallel", "System.Linq.Enumerable")]
    [TestCase("await task.ConfigureAwait(false);", "Task<int>.ConfigureAwait(bool)", "leave ConfigureAwait out")]
    [TestCase("var channel = System.Threading.Channels.Channel.CreateUnbounded<int>();", "Channel.CreateUnbounded", "SimChannel.CreateUnbounded<T>()")]
    public void ThreadsAndTheThreadPoolAreRefused(string statement, string api, string instead)
    {
        string source = InMethod(statement);
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC001", api, instead);
    }

    [TestCase("task.Wait();", "Task.Wait()", "await")]
    [TestCase("var n = task.Result;", "Task<int>.Result", "await")]
    [TestCase("var n = task.GetAwaiter().GetResult();", "TaskAwaiter<int>.GetResult()", "await")]
    [TestCase("semaphore.Wait();", "SemaphoreSlim.Wait()", "WaitAsync()")]
    [TestCase("lock (obj) { Monitor.Wait(obj); }", "Monitor.Wait(object)", "Cond")]
    [TestCase("Thread.Sleep(10);", "Thread", "runtime.Delay")]
    [TestCase("using var signal = new ManualResetEventSlim(); signal.Wait();", "ManualResetEventSlim", "TaskCompletionSource")]
    public void BlockingWaitsAreRefused(string statement, string api, string instead)
    {
        string source = InMethod(statement);
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC001", api, instead);
    }

    [TestCase("var methods = obj.GetType().GetMethods();", "object.GetType()")]
    [TestCase("var name = typeof(Code).Name;", "MemberInfo.Name")]
    [TestCase("var o = Activator.CreateInstance(typeof(Code));", "Activator")]
    [TestCase("var m = ((Action)(() => { })).Method;", "Delegate.Method")]
    [TestCase("var a = System.Reflection.Assembly.GetExecutingAssembly();", "Assembly")]
    [TestCase("var s = typeof(Code).Assembly.Location;", "Type.Assembly")]
    [TestCase("var c = System.Runtime.Loader.AssemblyLoadContext.Default;", "AssemblyLoadContext")]
    [TestCase("var site = new Exception().TargetSite;", "Exception.TargetSite")]
    [TestCase("var u = Nullable.GetUnderlyingType(typeof(int?));", "Nullable.GetUnderlyingType(Type)")]
    public void ReflectionIsRefused(string statement, string api)
    {
        string source = InMethod(statement);
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC001", api);
    }

    [TestCase("var text = File.ReadAllText(\"/etc/hostname\");", "File.ReadAllText(string)", "Persister")]
    [TestCase("var full = Path.GetFullPath(\".\");", "Path.GetFullPath(string)", "Persister")]
    [TestCase("using var stream = new FileStream(\"x\", FileMode.Create);", "FileStream", "Persister")]
    [TestCase("var input = Console.In.ReadLine();", "Console.In", "Console.WriteLine")]
    [TestCase("var line = Console.ReadLine();", "Console.ReadLine()", "Console.WriteLine")]
    [TestCase("Console.SetOut(TextWriter.Null);", "Console.SetOut(TextWriter)", "Console.WriteLine")]
    [TestCase("using var raw = Console.OpenStandardOutput();", "Console.OpenStandardOutput()", "Console.WriteLine")]
    [TestCase("Environment.Exit(1);", "Environment.Exit(int)", "throw an exception")]
    [TestCase("var home = Environment.GetEnvironmentVariable(\"HOME\");", "Environment.GetEnvironmentVariable(string)", "IRuntime")]
    [TestCase("System.Diagnostics.Process.Start(\"sh\");", "Process", "runtime.Time")]
    [TestCase("GC.Collect();", "GC.Collect()", "let the runtime collect")]
    [TestCase("using var client = new System.Net.Http.HttpClient();", "HttpClient", "ClientEnd")]
    [TestCase("var dns = System.Net.Dns.GetHostName();", "Dns", "ClientEnd")]
    public void FilesTheConsolesInputTheProcessAndTheNetworkAreRefused(string statement, string api, string instead)
    {
        string source = InMethod(statement);
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC001", api, instead);
    }

    [TestCase("var harness = (Node)runtime; harness.Kill();", "Node")]
    [TestCase("if (runtime is Simulation sim) { }", "Simulation")]
    [TestCase("var network = end.Network;", "ClientEnd.Network")]
    [TestCase("persister.OnPersist = _ => { };", "Persister.OnPersist")]
    [TestCase("var disk = Persister.Open(\"/tmp/x\");", "Persister.Open(")]
    [TestCase("persister.Dispose();", "Persister.Dispose()")]
    [TestCase("using var sim = new Simulation(1);", "Simulation")]
    [TestCase("var tcp = TcpClientEnd.Connect(\"127.0.0.1:1\");", "TcpClientEnd")]
    [TestCase("loggers.AddProvider(null!);", "ILoggerFactory.AddProvider(ILoggerProvider)")]
    [TestCase("var bytes = MessagePack.MessagePackSerializer.Serialize(1);", "MessagePackSerializer")]
    [TestCase("throw new SimulationBlockedException(\"stuck\");", "SimulationBlockedException")]
    public void TheHarnessIsOutOfReach(string statement, string api)
    {
        string source = InMethod(statement);
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC001", api);
    }

    [TestCase("var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);", "ArrayPool<byte>.Shared", "ArrayPool<T>.Create()")]
    [TestCase("var known = string.IsInterned(\"secret\");", "string.IsInterned(string)", "string.Equals")]
    public void WhatTheProcessSharesWithTheHarnessIsRefused(string statement, string api, string instead)
    {
        string source = InMethod(statement);
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC001", api, instead);
    }

    [Test]
    public void ARefusedConstructorReachedThroughANewConstraintIsRefused()
    {
        string source = """
            namespace Students.Snippets;

            static class Factory
            {
                static T Make<T>() where T : new() => new T();
                public static Random Unseeded() => Make<Random>(); // <-
            }
            """;
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC001", "Factory.Make<Random>()", "runtime.Random");
    }

    [TestCase("static void Scan<T>() where T : System.IO.FileSystemInfo { }", "FileSystemInfo in Code.Scan<T>()")]
    [TestCase("public event Action<Thread>? Started;", "Thread in Code.Started")]
    [TestCase("public Thread? this[int i] => null;", "Thread")]
    [TestCase("private (Thread, int) pair;", "Thread in Code.pair")]
    [TestCase("public Func<Thread, int> Id = t => 1;", "Thread")]
    [TestCase("sealed class Work : IThreadPoolWorkItem { public void Execute() { } }", "IThreadPoolWorkItem")]
    [TestCase("static int Size(object o) => o switch { System.IO.FileInfo { Length: > 0 } f => 1, _ => 0 };", "FileInfo")]
    [TestCase("static bool Priority(System.Diagnostics.ProcessPriorityClass p) => true;", "ProcessPriorityClass in Code.Priority(ProcessPriorityClass)")]
    [TestCase("static object Clock() => default(System.Diagnostics.Stopwatch)!;", "Stopwatch")]
    [TestCase("static void Local() { Thread? Make() => null; Make(); }", "Thread")]
    public void ARefusedTypeInAnyDeclarationOrPatternIsRefused(string members, string api)
    {
        string source = InClass(members);
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC001", api);
    }

    [Test]
    public void AStaticImportOrAnAliasDoesNotHideARefusedApi()
    {
        string source = """
            using static System.IO.File;
            using Clock = System.DateTime;

            namespace Students.Snippets;

            static class Sneaky
            {
                public static string Read() => ReadAllText("/etc/hostname"); // <-
                public static DateTime Now() => Clock.Now;
            }
            """;
        var errors = Errors(source);
        int line = SubmissionCheck.LineOf(source);
        AssertReported(errors, line, "LABRPC001", "File.ReadAllText(string)");
        AssertReported(errors, line + 1, "LABRPC001", "DateTime.Now");
    }

    [TestCase("var list = new List<Thread>();", "Thread")]
    [TestCase("var map = new Dictionary<string, System.Reflection.MethodInfo>();", "MethodInfo")]
    [TestCase("var none = Enumerable.Empty<System.IO.FileInfo>();", "FileInfo")]
    [TestCase("var t = typeof(System.IO.File);", "File")]
    public void ARefusedTypeAsAGenericArgumentOrInTypeofIsRefused(string statement, string api)
    {
        string source = InMethod(statement);
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC001", api);
    }

    [Test]
    public void DerivingFromARefusedTypeOrOneThatMayNotBeSubclassedIsRefused()
    {
        string source = """
            namespace Students.Snippets;

            sealed class Clock : TimeProvider { } // <-
            sealed class Context : SynchronizationContext { }
            sealed class Scheduler : TaskScheduler
            {
                protected override IEnumerable<Task>? GetScheduledTasks() => null;
                protected override void QueueTask(Task task) { }
                protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;
            }
            """;
        var errors = Errors(source);
        int line = SubmissionCheck.LineOf(source);
        AssertReported(errors, line, "LABRPC001", "Clock : TimeProvider", "runtime.Time");
        AssertReported(errors, line + 1, "LABRPC001", "SynchronizationContext");
        AssertReported(errors, line + 2, "LABRPC001", "Scheduler : TaskScheduler");
    }

    [Test]
    public void AUserDefinedConversionToARefusedTypeIsRefusedWhereDeclaredAndWhereUsed()
    {
        string source = """
            namespace Students.Snippets;

            sealed class Handle
            {
                public static implicit operator Thread(Handle handle) => null!; // <-
                public static void Use() { Thread? thread = new Handle(); }
            }
            """;
        var errors = Errors(source);
        int line = SubmissionCheck.LineOf(source);
        AssertReported(errors, line, "LABRPC001", "Thread");
        AssertReported(errors, line + 1, "LABRPC001", "Thread");
    }

    [Test]
    public void AnAttributeThatBypassesTheRuntimesChecksIsRefused()
    {
        string source = """
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;

            namespace Students.Snippets;

            static class Peek
            {
                [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_records")] // <-
                public static extern ref object Records(LabRpc.Persister persister);

                [DllImport("libc")]
                public static extern int getpid();
            }

            [StructLayout(LayoutKind.Explicit)]
            struct Overlap
            {
                [FieldOffset(0)] public object Reference;
                [FieldOffset(0)] public long Address;
            }

            [SkipLocalsInit]
            static class Fast { }
            """;
        var errors = Errors(source, mayNotCompile: true);
        int line = SubmissionCheck.LineOf(source);
        AssertReported(errors, line, "LABRPC002", "UnsafeAccessor");
        AssertReported(errors, line + 1, "LABRPC002", "extern");
        AssertReported(errors, line + 3, "LABRPC002", "DllImport");
        AssertReported(errors, line + 7, "LABRPC002", "StructLayout");
        AssertReported(errors, line + 10, "LABRPC002", "FieldOffset");
        AssertReported(errors, line + 14, "LABRPC002", "SkipLocalsInit");
    }

    [Test]
    public void UnsafeCodePointersAndTypedReferencesAreRefused()
    {
        string source = """
            namespace Students.Snippets;

            static class Raw
            {
                public static unsafe void Poke() { int* p = (int*)0x1000; *p = 1; } // <-
                public static void Reference() { int x = 0; var r = __makeref(x); }
                public static unsafe void Call(delegate*<void> f) => f();
            }
            """;
        var errors = Errors(source, mayNotCompile: true);
        int line = SubmissionCheck.LineOf(source);
        AssertReported(errors, line, "LABRPC002", "unsafe");
        AssertReported(errors, line, "LABRPC002", "int*");
        AssertReported(errors, line + 1, "LABRPC002", "__makeref");
        AssertReported(errors, line + 2, "LABRPC002", "delegate*<void>");
    }

    [Test]
    public void DynamicIsRefused()
    {
        string source = InMethod("dynamic d = obj; d.Anything();");
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC003", "dynamic", "static types");
    }

    [Test]
    public void AFinalizerIsRefused()
    {
        string source = """
            namespace Students.Snippets;

            sealed class Leaky
            {
                ~Leaky() { Console.WriteLine("collected"); } // <-
            }
            """;
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC004", "~Leaky()", "IDisposable");
    }

    [Test]
    public void ALambdaConvertedToAnExpressionTreeIsRefused()
    {
        string source = InMethod("System.Linq.Expressions.Expression<Func<int>> tree = () => 1;");
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC005", "Expression<Func<int>>", "Func<...>");
    }

    [Test]
    public void ATypeInAReservedNamespaceIsRefused()
    {
        string source = """
            namespace System.Runtime.CompilerServices
            {
                sealed class IgnoresAccessChecksToAttribute : Attribute { } // <-
            }
            """;
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC006", "System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute", "namespace of your own");
    }

    [Test]
    public void APragmaOrASuppressionDoesNotHideARefusal()
    {
        string source = InMethod("""
            #pragma warning disable LABRPC001
                    await Task.Run(() => { });
            """);
        Assert.That(Errors(source), Has.Some.Contains("error LABRPC001: 'Task.Run(Action)'"));
    }

    [Test]
    public void CodeThatCallsItselfGeneratedIsCheckedToo()
    {
        string source = "// <auto-generated/>\n" + InMethod("await Task.Run(() => { });");
        AssertReported(Errors(source), SubmissionCheck.LineOf(source), "LABRPC001", "Task.Run(Action)");
    }

    [Test]
    public void NameofARefusedApiIsNotAUse()
    {
        string source = InMethod("var name = nameof(Task.Run);");
        Assert.That(Errors(source), Is.Empty);
    }

    [TestCase("await Task.Delay(TimeSpan.FromMilliseconds(5), runtime.Time); await runtime.Delay(TimeSpan.FromMilliseconds(5));")]
    [TestCase("await task.WaitAsync(TimeSpan.FromSeconds(1), runtime.Time); await task.ConfigureAwait(true);")]
    [TestCase("using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1), runtime.Time); cts.Cancel();")]
    [TestCase("using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), runtime.Time); await timer.WaitForNextTickAsync();")]
    [TestCase("var now = runtime.Time.GetUtcNow(); var start = runtime.Time.GetTimestamp(); var spent = runtime.Time.GetElapsedTime(start);")]
    [TestCase("var id = runtime.Random.NextInt64(); var random = new Random(runtime.Random.Next(1000));")]
    [TestCase("runtime.Go(async () => await Task.Yield(), \"worker\"); await runtime.Spawn(() => Task.CompletedTask);")]
    [TestCase("await semaphore.WaitAsync(); semaphore.Release(); lock (obj) { } long counter = 0; Interlocked.Increment(ref counter);")]
    [TestCase("var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously); done.SetResult(1); await Task.WhenAll(done.Task, Task.WhenAny(task));")]
    [TestCase("var channel = SimChannel.CreateBounded<int>(1); await channel.Writer.WriteAsync(1); await foreach (var n in channel.Reader.ReadAllAsync()) { break; }")]
    [TestCase("var group = new WaitGroup(); group.Add(1); group.Done(); await group.WaitAsync(); var mu = new AsyncLock(); await using (await mu.LockAsync()) { } var cond = new Cond(mu);")]
    [TestCase("var (ok, reply) = await end.Call<GetReply>(\"KvServer.Get\", new GetArgs(\"k\", 1, 1)); var value = ok ? reply!.Value : \"\";")]
    [TestCase("persister.Write(\"k\", [1, 2]); persister.Append(\"k\", [3]); var back = persister.Read(\"k\"); var size = persister.Length(\"k\");")]
    [TestCase("var log = runtime.LoggerFactory.CreateLogger(\"kv\"); log.LogInformation(\"put {Key}\", \"k\"); Console.WriteLine($\"at {runtime.Name}\"); Console.Error.WriteLine(\"debug\");")]
    [TestCase("var json = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, long> { [\"a\"] = 1 }); var back = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, long>>(json);")]
    [TestCase("var text = new System.Text.StringBuilder().Append('x').ToString(); var bytes = System.Text.Encoding.UTF8.GetBytes(text); var words = System.Text.RegularExpressions.Regex.Split(text, \"\\\\s+\");")]
    [TestCase("var stream = new MemoryStream(); var writer = new BinaryWriter(stream); writer.Write(1L); var reader = new BinaryReader(new MemoryStream(stream.ToArray())); var n = reader.ReadInt64();")]
    [TestCase("{ Span<byte> head = stackalloc byte[8]; System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(head, 1); } var pool = System.Buffers.ArrayPool<byte>.Create(); var rented = pool.Rent(16); pool.Return(rented);")]
    [TestCase("var sorted = new[] { 3, 1, 2 }.Where(n => n > 1).OrderBy(n => n).Select(n => (n, n * 2)).ToList(); var (first, twice) = sorted[0];")]
    [TestCase("var set = System.Collections.Immutable.ImmutableHashSet.Create(1); var q = new System.Collections.Concurrent.ConcurrentQueue<int>(); var big = System.Numerics.BigInteger.Pow(2, 100); var m = Math.Max(1, 2);")]
    [TestCase("var hash = System.Security.Cryptography.SHA256.HashData(new byte[] { 1 }); var hex = Convert.ToHexString(hash); var same = typeof(Code) == obj as Type;")]
    [TestCase("try { throw new InvalidOperationException(\"x\"); } catch (Exception e) when (e is InvalidOperationException) { Console.WriteLine(e.Message); }")]
    [TestCase("System.Diagnostics.Debug.Assert(obj is not null); var list = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(new List<int> { 1 });")]
    public void WhatAStudentNeedsIsAllowed(string statements)
    {
        Assert.That(Errors(InMethod(statements)), Is.Empty);
    }
}
