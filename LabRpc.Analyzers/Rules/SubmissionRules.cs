using System.Collections.Generic;

namespace LabRpc.Analyzers.Rules;

/// <summary>
/// THE allowlist: what a submission's code may name and call. Everything not allowed here is refused. It is data, to be
/// read in one sitting; <c>docs/instructors/allowlist.md</c> says it in words and argues why it is enough.
/// <list type="number">
/// <item>A type is looked up by its full name in <see cref="Types"/> first, then by its namespace in
/// <see cref="Namespaces"/> (allowed: exactly that namespace; refused: it and every namespace below it, with the reason).
/// A submission's own types are allowed (their bodies are checked like any other code). An exception type (one deriving
/// from <c>System.Exception</c>) is allowed wherever it lives but in the harness's namespaces (<see cref="HarnessNamespaces"/>):
/// exceptions carry data. Anything else is refused.</item>
/// <item>Within a type that may be used, <see cref="Members"/> refuses members (all overloads, or some), or, for a type
/// whose members are allowed only when listed, allows them.</item>
/// <item>A member that hands out a type a submission may not use (its declared return or property type) is refused
/// with it, so that an allowed type cannot pass on a refused capability (<c>object.GetType()</c>,
/// <c>Exception.TargetSite</c>, <c>ClientEnd.Network</c>).</item>
/// </list>
/// </summary>
public static class SubmissionRules
{
    // The reasons, each said once.
    private const string Reflection = "reflection reaches code and data past the contract, the harness's included";
    private const string NoReflection = "use the contract's types directly; there is no reflection in a submission";
    private const string ThreadPool = "it runs work on the thread pool, outside the simulation";
    private const string UseGo = "use runtime.Go(...) or runtime.Spawn(...)";
    private const string RealTimer = "it waits on a real timer, outside virtual time";
    private const string Blocks = "it blocks the simulation's one thread";
    private const string UseAwait = "await it (in an async method)";
    private const string Clock = "it reads the machine's clock: two runs of one seed differ";
    private const string UseClock = "use runtime.Time.GetUtcNow()";
    private const string Unseeded = "it is not the seed's random source: two runs of one seed differ";
    private const string UseRandom = "use runtime.Random (e.g. runtime.Random.NextInt64())";
    private const string Files = "it reaches the machine's files and folders";
    private const string UsePersister = "keep state in the Persister you are given; MemoryStream, BinaryReader/BinaryWriter and StringReader/StringWriter work in memory";
    private const string Network = "it reaches the real network";
    private const string UseClientEnd = "call the other side through the ClientEnd you are given";
    private const string Machine = "it reads or changes the process or the machine outside the simulation";
    private const string UseRuntime = "reach the world only through IRuntime, Persister and ClientEnd";
    private const string Native = "it reads or writes memory past the runtime's checks, or calls native code";
    private const string UseSafe = "use safe code: arrays, Span<T>, Memory<T>";
    private const string Harness = "it is the harness's own machinery (the simulation, the network, faults, judging) or reaches the real world";
    private const string Console = "the console's input, raw streams and settings belong to the grader";
    private const string UseConsole = "use Console.WriteLine or Console.Write (or Console.Out, Console.Error), or a logger from runtime.LoggerFactory";
    private const string Collector = "it depends on the garbage collector, whose timing differs between runs";
    private const string UseStrong = "hold a strong reference, or none";
    private const string Setting = "it changes a setting of the whole process, which the harness shares";
    private const string Leave = "leave it as it is";
    private const string Codec = "the harness's wire codec; its typeless and dynamic resolvers create types by name";
    private const string UseOwnCodec = "serialize your own data with System.Text.Json or a BinaryWriter; a [MessagePackFormatter] of your own may use MessagePackWriter/MessagePackReader";

    /// <summary>The reason given for a type no rule mentions.</summary>
    public const string NotListed = "it is not on the allowlist of what a submission may use";

    /// <summary>What to do instead, for a type no rule mentions.</summary>
    public const string SeeAllowlist = "docs/instructors/allowlist.md lists what a submission may use";

    /// <summary>The harness's namespaces: their exception types are not allowed by the rule that allows exceptions (a
    /// submission that threw the simulation's own exceptions could pass for the simulation reporting a stall or a
    /// deadlock).</summary>
    public static IReadOnlyList<string> HarnessNamespaces { get; } = ["LabRpc", "KvService", "MessagePack"];

    /// <summary>Namespaces a submission may not declare types in (and their sub-namespaces): the runtime and the compiler
    /// recognize some attributes by name alone, so a submission's own <c>System.Runtime.CompilerServices.UnsafeAccessorAttribute</c>
    /// would work as the real one; and a type of the harness's namespaces would pass for the harness's.</summary>
    public static IReadOnlyList<string> ReservedNamespaces { get; } = ["System", "Microsoft", "LabRpc", "KvService", "MessagePack"];

    /// <summary>Namespaces: allowed exactly, or refused with everything below them.</summary>
    public static IReadOnlyList<NamespaceRule> Namespaces { get; } =
    [
        Allow("System.Collections"),
        Allow("System.Collections.Generic"),
        Allow("System.Collections.Concurrent"),
        Allow("System.Collections.Immutable"),
        Allow("System.Collections.ObjectModel"),
        Allow("System.Collections.Specialized"),
        Allow("System.Collections.Frozen"),
        Allow("System.Linq"),
        Allow("System.Text"),
        Allow("System.Text.Unicode"),
        Allow("System.Text.RegularExpressions"),
        Allow("System.Text.Json"),
        Allow("System.Text.Json.Nodes"),
        Allow("System.Text.Json.Serialization"),
        Allow("System.Numerics"),
        Allow("System.Buffers"),
        Allow("System.Buffers.Binary"),
        Allow("System.Buffers.Text"),
        Allow("System.Globalization"),
        Allow("System.Diagnostics.CodeAnalysis"),
        Allow("System.Threading.Channels"),
        Allow("Microsoft.Extensions.Logging"),
        Allow("Microsoft.Extensions.Logging.Abstractions"),
        Allow("KvService.Contract"),
        Allow("KvService.Contract.PrimaryBackup"),
        Allow("LabRpc.Raft"),

        Refuse("System.Text.Json.Serialization.Metadata", Reflection, "use JsonSerializer with your own types, attributes and converters"),
        Refuse("System.Text.Json.Schema", Reflection, "use JsonSerializer with your own types, attributes and converters"),
        Refuse("System.Reflection", Reflection, NoReflection),
        Refuse("System.Runtime.Loader", "it loads assemblies", NoReflection),
        Refuse("System.Linq.Expressions", "expression trees compile code at run time", "use a lambda as a delegate (Func<...>), not an Expression<...>"),
        Refuse("System.Dynamic", "dynamic binding is reflection", "use static types"),
        Refuse("Microsoft.CSharp", "dynamic binding is reflection", "use static types"),
        RefuseUnsafe("System.Runtime.InteropServices", Native, UseSafe),
        RefuseUnsafe("System.Runtime.Intrinsics", Native, UseSafe),
        Refuse("System.IO", Files, UsePersister),
        Refuse("System.Net", Network, UseClientEnd),
        Refuse("System.Diagnostics", "it reaches processes, clocks, debuggers or traces of the machine", "use runtime.Time for time, and Console.WriteLine or runtime.LoggerFactory for output"),
        Refuse("System.Threading", "it is not one of the concurrency primitives that stay on the simulation", "use async/await, runtime.Go, SimChannel, WaitGroup, AsyncLock and Cond"),
        Refuse("System.Security", Machine, UseRuntime),
        Refuse("System.Runtime", Machine, UseRuntime),
        Refuse("Microsoft.Win32", Machine, UseRuntime),
        Refuse("LabRpc", Harness, UseRuntime),
        Refuse("KvService", Harness, "implement KvService.Contract's interfaces; the harness is not part of a submission"),
        Refuse("MessagePack", Codec, UseOwnCodec),
        Refuse("System", NotListed, SeeAllowlist),
        Refuse("Microsoft", NotListed, SeeAllowlist),
    ];

    /// <summary>Types, by full name: these rules take precedence over their namespace's.</summary>
    public static IReadOnlyList<TypeRule> Types { get; } =
    [
        // System: the language's own types, values and helpers.
        .. AllowAll(
            "System.Object", "System.Exception", "System.String", "System.Boolean", "System.Char", "System.Byte", "System.SByte", "System.Int16",
            "System.UInt16", "System.Int32", "System.UInt32", "System.Int64", "System.UInt64", "System.Int128", "System.UInt128",
            "System.IntPtr", "System.UIntPtr", "System.Single", "System.Double", "System.Decimal", "System.Half", "System.Void",
            "System.Enum", "System.ValueType", "System.Nullable", "System.Array", "System.ArraySegment", "System.Span",
            "System.ReadOnlySpan", "System.Memory", "System.ReadOnlyMemory", "System.MemoryExtensions", "System.Index",
            "System.Range", "System.SequencePosition", "System.Math", "System.MathF", "System.BitConverter", "System.Convert",
            "System.Buffer", "System.HashCode", "System.Tuple", "System.ValueTuple", "System.TupleExtensions", "System.Lazy",
            "System.TimeSpan", "System.DateOnly", "System.TimeOnly", "System.DayOfWeek", "System.DateTimeKind", "System.Version",
            "System.Guid", "System.DateTime", "System.DateTimeOffset", "System.Random",
            "System.StringComparer", "System.StringComparison", "System.StringSplitOptions", "System.CharEnumerator",
            "System.MidpointRounding", "System.Base64FormattingOptions", "System.FormattableString", "System.Action", "System.Func",
            "System.Predicate", "System.Comparison", "System.Converter", "System.EventHandler", "System.EventArgs",
            "System.Delegate", "System.MulticastDelegate", "System.IDisposable", "System.IAsyncDisposable", "System.IComparable",
            "System.IEquatable", "System.IFormattable", "System.ISpanFormattable", "System.IUtf8SpanFormattable",
            "System.IParsable", "System.ISpanParsable", "System.IUtf8SpanParsable", "System.ICloneable", "System.IConvertible",
            "System.IFormatProvider", "System.IObservable", "System.IObserver", "System.Attribute",
            "System.AttributeUsageAttribute", "System.AttributeTargets", "System.ObsoleteAttribute", "System.FlagsAttribute",
            "System.SerializableAttribute", "System.NonSerializedAttribute", "System.ParamArrayAttribute",
            "System.CLSCompliantAttribute"),
        new("System.TimeProvider", TypeAccess.Allowed, "a clock of your own would not be the simulation's", "use runtime.Time", noSubclass: true, unsafeCode: false),
        ListedOnly("System.Console", Console, UseConsole),
        ListedOnly("System.Environment", Machine, "Environment.NewLine is the one member allowed; " + UseRuntime),
        TypeofOnly("System.Type", Reflection, "typeof(T) may be named, compared and passed (e.g. to JsonSerializer), but nothing may be asked of it"),
        Refused("System.Activator", Reflection, NoReflection),
        Refused("System.AppDomain", Machine, UseRuntime),
        Refused("System.AppContext", Machine, UseRuntime),
        Refused("System.GC", "the garbage collector belongs to the harness, which measures memory with it", "let the runtime collect; drop references you no longer need"),
        Refused("System.GCMemoryInfo", "the garbage collector belongs to the harness, which measures memory with it", "let the runtime collect"),
        Refused("System.WeakReference", Collector, UseStrong),
        Refused("System.OperatingSystem", Machine, UseRuntime),
        Refused("System.TimeZoneInfo", "it reads the machine's time zone", "use UTC: runtime.Time.GetUtcNow()"),
        RefusedUnsafe("System.TypedReference", Native, UseSafe),
        RefusedUnsafe("System.ArgIterator", Native, "use params arrays"),
        RefusedUnsafe("System.RuntimeArgumentHandle", Native, "use params arrays"),
        Refused("System.RuntimeTypeHandle", Reflection, NoReflection),
        Refused("System.RuntimeMethodHandle", Reflection, NoReflection),
        Refused("System.RuntimeFieldHandle", Reflection, NoReflection),
        Refused("System.MarshalByRefObject", Machine, UseRuntime),

        // System.Threading and System.Threading.Tasks: the primitives that stay on the simulation (the concurrency table, docs/simulator/concurrency.md).
        .. AllowAll(
            "System.Threading.CancellationToken", "System.Threading.CancellationTokenSource",
            "System.Threading.CancellationTokenRegistration", "System.Threading.Interlocked", "System.Threading.Volatile",
            "System.Threading.Lock", "System.Threading.Monitor", "System.Threading.SemaphoreSlim",
            "System.Threading.LazyInitializer", "System.Threading.LazyThreadSafetyMode", "System.Threading.Timeout",
            "System.Threading.ITimer", "System.Threading.PeriodicTimer", "System.Threading.Tasks.Task",
            "System.Threading.Tasks.ValueTask", "System.Threading.Tasks.TaskCompletionSource", "System.Threading.Tasks.TaskStatus",
            "System.Threading.Tasks.TaskCreationOptions", "System.Threading.Tasks.TaskContinuationOptions",
            "System.Threading.Tasks.TaskExtensions", "System.Threading.Tasks.TaskAsyncEnumerableExtensions"),
        new("System.Threading.Tasks.TaskScheduler", TypeAccess.ListedMembersOnly, "a scheduler other than the simulation's runs work outside it",
            "leave the scheduler out (async/await stays on the simulation), or pass TaskScheduler.FromCurrentSynchronizationContext()", noSubclass: true, unsafeCode: false),
        Refused("System.Threading.Thread", "it starts or controls a real thread, outside the simulation", UseGo + "; wait with await runtime.Delay(...)"),
        Refused("System.Threading.ThreadPool", ThreadPool, UseGo),
        Refused("System.Threading.Timer", RealTimer, "use runtime.Delay(...) in a task started with runtime.Go(...), or runtime.Time.CreateTimer(...)"),
        Refused("System.Threading.Tasks.Parallel", ThreadPool, "use runtime.Go per piece and a WaitGroup, or Task.WhenAll of runtime.Spawn(...)"),
        Refused("System.Threading.Tasks.TaskFactory", ThreadPool, UseGo),
        Refused("System.Threading.SynchronizationContext", "the simulation's context is the harness's", "leave it as it is: awaits come back to the simulation by themselves"),
        Refused("System.Threading.ManualResetEventSlim", Blocks, "await a TaskCompletionSource's Task"),
        Refused("System.Threading.CountdownEvent", Blocks, "use WaitGroup"),
        Refused("System.Threading.Barrier", Blocks, "use a WaitGroup per phase, or Cond"),
        Refused("System.Threading.SpinWait", Blocks, "await something instead of spinning"),
        Refused("System.Threading.SpinLock", Blocks, "use lock (no await inside) or AsyncLock"),
        Refused("System.Threading.ReaderWriterLockSlim", Blocks, "use AsyncLock"),

        // System.Runtime.CompilerServices: what the language itself needs, and nothing that bypasses its checks.
        .. AllowAll(
            "System.Runtime.CompilerServices.TaskAwaiter", "System.Runtime.CompilerServices.ValueTaskAwaiter",
            "System.Runtime.CompilerServices.ConfiguredTaskAwaitable", "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable",
            "System.Runtime.CompilerServices.ConfiguredCancelableAsyncEnumerable", "System.Runtime.CompilerServices.ConfiguredAsyncDisposable",
            "System.Runtime.CompilerServices.YieldAwaitable", "System.Runtime.CompilerServices.INotifyCompletion",
            "System.Runtime.CompilerServices.ICriticalNotifyCompletion", "System.Runtime.CompilerServices.EnumeratorCancellationAttribute",
            "System.Runtime.CompilerServices.CallerMemberNameAttribute", "System.Runtime.CompilerServices.CallerFilePathAttribute",
            "System.Runtime.CompilerServices.CallerLineNumberAttribute", "System.Runtime.CompilerServices.CallerArgumentExpressionAttribute",
            "System.Runtime.CompilerServices.InterpolatedStringHandlerAttribute",
            "System.Runtime.CompilerServices.InterpolatedStringHandlerArgumentAttribute",
            "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler", "System.Runtime.CompilerServices.FormattableStringFactory",
            "System.Runtime.CompilerServices.ITuple", "System.Runtime.CompilerServices.TupleElementNamesAttribute",
            "System.Runtime.CompilerServices.InlineArrayAttribute", "System.Runtime.CompilerServices.CollectionBuilderAttribute",
            "System.Runtime.CompilerServices.OverloadResolutionPriorityAttribute", "System.Runtime.CompilerServices.MethodImplAttribute",
            "System.Runtime.CompilerServices.MethodImplOptions", "System.Runtime.CompilerServices.IsExternalInit",
            "System.Runtime.CompilerServices.RequiredMemberAttribute", "System.Runtime.CompilerServices.CompilerFeatureRequiredAttribute",
            "System.Runtime.CompilerServices.ExtensionAttribute", "System.Runtime.CompilerServices.StrongBox",
            "System.Runtime.CompilerServices.IStrongBox", "System.Runtime.CompilerServices.CompilerGeneratedAttribute",
            "System.Runtime.CompilerServices.ParamCollectionAttribute"),
        new("System.Runtime.CompilerServices.Unsafe", TypeAccess.ListedMembersOnly, Native, UseSafe, noSubclass: false, unsafeCode: true),
        Refused("System.Runtime.CompilerServices.RuntimeHelpers", Reflection, NoReflection),
        RefusedUnsafe("System.Runtime.CompilerServices.UnsafeAccessorAttribute", "it reads and writes private members of other assemblies, the harness's included", NoReflection),
        RefusedUnsafe("System.Runtime.CompilerServices.UnsafeAccessorTypeAttribute", "it reads and writes private members of other assemblies, the harness's included", NoReflection),
        RefusedUnsafe("System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute", "it lifts the access checks on another assembly", NoReflection),
        RefusedUnsafe("System.Runtime.CompilerServices.SkipLocalsInitAttribute", "it leaves stack memory uninitialized", "leave locals initialized"),
        Refused("System.Runtime.CompilerServices.ModuleInitializerAttribute", "it runs code when the assembly is loaded, before any test starts", "do the work in your constructor or CreateServer"),
        Refused("System.Runtime.CompilerServices.ConditionalWeakTable", Collector, "use a Dictionary"),
        Refused("System.Runtime.CompilerServices.InterceptsLocationAttribute", "it replaces calls at compile time", "call your own code directly"),
        new("System.Runtime.InteropServices.CollectionsMarshal", TypeAccess.ListedMembersOnly, Native, UseSafe, noSubclass: false, unsafeCode: true),
        .. AllowAll(
            "System.Runtime.ExceptionServices.ExceptionDispatchInfo", "System.Runtime.Serialization.IgnoreDataMemberAttribute", "System.Runtime.Serialization.DataMemberAttribute",
            "System.Runtime.Serialization.DataContractAttribute", "System.Runtime.Serialization.EnumMemberAttribute"),

        // The assembly's descriptive attributes, which the SDK writes into every project's generated AssemblyInfo.cs
        // (constants only; the signing attributes, which name key files, stay refused).
        .. AllowAll(
            "System.Reflection.AssemblyCompanyAttribute", "System.Reflection.AssemblyConfigurationAttribute",
            "System.Reflection.AssemblyCopyrightAttribute", "System.Reflection.AssemblyCultureAttribute",
            "System.Reflection.AssemblyDescriptionAttribute", "System.Reflection.AssemblyFileVersionAttribute",
            "System.Reflection.AssemblyInformationalVersionAttribute", "System.Reflection.AssemblyMetadataAttribute",
            "System.Reflection.AssemblyProductAttribute", "System.Reflection.AssemblyTitleAttribute",
            "System.Reflection.AssemblyTrademarkAttribute", "System.Reflection.AssemblyVersionAttribute",
            "System.Runtime.Versioning.TargetFrameworkAttribute"),

        // System.Linq: LINQ to objects, not to expressions, threads or ConfigureAwait(false).
        Refused("System.Linq.ParallelEnumerable", ThreadPool, "use LINQ to objects (System.Linq.Enumerable)"),
        Refused("System.Linq.ParallelQuery", ThreadPool, "use LINQ to objects (System.Linq.Enumerable)"),
        Refused("System.Linq.OrderedParallelQuery", ThreadPool, "use LINQ to objects (System.Linq.Enumerable)"),
        Refused("System.Linq.Queryable", "queryables compile expression trees at run time", "use LINQ to objects (System.Linq.Enumerable)"),
        Refused("System.Linq.IQueryable", "queryables compile expression trees at run time", "use LINQ to objects (System.Linq.Enumerable)"),
        Refused("System.Linq.IOrderedQueryable", "queryables compile expression trees at run time", "use LINQ to objects (System.Linq.Enumerable)"),
        Refused("System.Linq.IQueryProvider", "queryables compile expression trees at run time", "use LINQ to objects (System.Linq.Enumerable)"),
        Refused("System.Linq.EnumerableQuery", "queryables compile expression trees at run time", "use LINQ to objects (System.Linq.Enumerable)"),
        Refused("System.Linq.EnumerableExecutor", "queryables compile expression trees at run time", "use LINQ to objects (System.Linq.Enumerable)"),
        Refused("System.Linq.AsyncEnumerable", "its operators await with ConfigureAwait(false), which leaves the simulation", "write the loop with await foreach"),
        Refused("System.Collections.Concurrent.BlockingCollection", Blocks, "use SimChannel.CreateUnbounded<T>()"),

        // System.IO: streams in memory only.
        .. AllowAll(
            "System.IO.Stream", "System.IO.MemoryStream", "System.IO.BufferedStream", "System.IO.SeekOrigin", "System.IO.BinaryReader",
            "System.IO.BinaryWriter", "System.IO.TextReader", "System.IO.TextWriter", "System.IO.StringReader", "System.IO.StringWriter",
            "System.IO.Compression.GZipStream", "System.IO.Compression.DeflateStream", "System.IO.Compression.ZLibStream",
            "System.IO.Compression.BrotliStream", "System.IO.Compression.BrotliEncoder", "System.IO.Compression.BrotliDecoder",
            "System.IO.Compression.CompressionLevel", "System.IO.Compression.CompressionMode"),

        // System.Diagnostics: assertions and debugger display attributes, nothing of the machine.
        .. AllowAll(
            "System.Diagnostics.Debug", "System.Diagnostics.ConditionalAttribute", "System.Diagnostics.DebuggerDisplayAttribute",
            "System.Diagnostics.DebuggerBrowsableAttribute", "System.Diagnostics.DebuggerBrowsableState",
            "System.Diagnostics.DebuggerHiddenAttribute", "System.Diagnostics.DebuggerStepThroughAttribute",
            "System.Diagnostics.DebuggerNonUserCodeAttribute", "System.Diagnostics.StackTraceHiddenAttribute"),
        Refused("System.Diagnostics.Stopwatch", Clock, "use runtime.Time.GetTimestamp() and runtime.Time.GetElapsedTime(start)"),

        // System.Security.Cryptography: hashes of your own bytes; no random numbers of the machine.
        .. AllowAll(
            "System.Security.Cryptography.HashAlgorithm", "System.Security.Cryptography.SHA1", "System.Security.Cryptography.SHA256",
            "System.Security.Cryptography.SHA384", "System.Security.Cryptography.SHA512", "System.Security.Cryptography.MD5",
            "System.Security.Cryptography.HMACSHA256", "System.Security.Cryptography.IncrementalHash",
            "System.Security.Cryptography.HashAlgorithmName", "System.Security.Cryptography.CryptographicOperations"),
        Refused("System.Security.Cryptography.RandomNumberGenerator", Unseeded, UseRandom),

        // MessagePack: a formatter of your own for your messages, nothing of the serializer.
        .. AllowAll(
            "MessagePack.MessagePackFormatterAttribute", "MessagePack.MessagePackWriter", "MessagePack.MessagePackReader",
            "MessagePack.IgnoreMemberAttribute", "MessagePack.KeyAttribute", "MessagePack.MessagePackObjectAttribute",
            "MessagePack.SerializationConstructorAttribute", "MessagePack.Formatters.IMessagePackFormatter"),
        new("MessagePack.MessagePackSerializerOptions", TypeAccess.ListedMembersOnly, Codec, "pass the options on unread", noSubclass: false, unsafeCode: false),

        // LabRpc: the student's world, and nothing of the harness.
        .. AllowAll(
            "LabRpc.IRuntime", "LabRpc.ClientEnd", "LabRpc.CallResult", "LabRpc.Server", "LabRpc.Service", "LabRpc.Persister",
            "LabRpc.DeterministicRandom", "LabRpc.SimChannel", "LabRpc.WaitGroup", "LabRpc.AsyncLock", "LabRpc.AsyncLockHandle",
            "LabRpc.Cond", "LabRpc.Select"),
    ];

    /// <summary>Members: refused within a type a submission may use, or allowed within one whose members are allowed only when listed.</summary>
    public static IReadOnlyList<MemberRule> Members { get; } =
    [
        // Reflection through allowed types.
        Refuse("System.Object", "GetType", Overloads.All, Reflection, "use typeof(T), or a virtual method of your own"),
        Refuse("System.Exception", "GetType", Overloads.All, Reflection, "use a catch clause of the exception's type"),
        Refuse("System.Delegate", "Method", Overloads.All, Reflection, NoReflection),
        Refuse("System.Delegate", "Target", Overloads.All, Reflection, NoReflection),
        Refuse("System.Delegate", "DynamicInvoke", Overloads.All, Reflection, "invoke the delegate with its own type"),
        Refuse("System.Delegate", "CreateDelegate", Overloads.All, Reflection, "use a lambda or a method group"),
        Refuse("System.Array", "CreateInstance", Overloads.All, Reflection, "use new T[n]"),
        Refuse("System.Array", "CreateInstanceFromArrayType", Overloads.All, Reflection, "use new T[n]"),
        Allow("System.Type", "op_Equality"),
        Allow("System.Type", "op_Inequality"),
        Allow("System.Type", "Equals"),

        // The console: output only (the grader captures and caps it).
        Allow("System.Console", "Write"),
        Allow("System.Console", "WriteLine"),
        Allow("System.Console", "Out"),
        Allow("System.Console", "Error"),
        Refuse("System.Console", "In", Overloads.All, Console + "; a submission has no input", UseConsole),
        Refuse("System.Console", "SetOut", Overloads.All, Console, UseConsole),
        Refuse("System.Console", "SetError", Overloads.All, Console, UseConsole),
        Refuse("System.Console", "OpenStandardOutput", Overloads.All, Console, UseConsole),
        Refuse("System.Console", "OpenStandardError", Overloads.All, Console, UseConsole),
        Refuse("System.Console", "OpenStandardInput", Overloads.All, Console, UseConsole),

        // The environment: only its line separator.
        Allow("System.Environment", "NewLine"),
        Refuse("System.Environment", "Exit", Overloads.All, "it ends the whole process, the grader's worker", "throw an exception"),
        Refuse("System.Environment", "FailFast", Overloads.All, "it ends the whole process, the grader's worker", "throw an exception"),
        Refuse("System.Environment", "TickCount", Overloads.All, Clock, UseClock),
        Refuse("System.Environment", "TickCount64", Overloads.All, Clock, UseClock),

        // Time: virtual only.
        Refuse("System.DateTime", "Now", Overloads.All, Clock, UseClock),
        Refuse("System.DateTime", "UtcNow", Overloads.All, Clock, UseClock),
        Refuse("System.DateTime", "Today", Overloads.All, Clock, UseClock),
        Refuse("System.DateTimeOffset", "Now", Overloads.All, Clock, UseClock),
        Refuse("System.DateTimeOffset", "UtcNow", Overloads.All, Clock, UseClock),
        Refuse("System.TimeProvider", "System", Overloads.All, "the machine's clock, outside virtual time", "use runtime.Time"),
        Refuse("System.TimeProvider", "GetLocalNow", Overloads.All, "it reads the machine's time zone", UseClock),
        Refuse("System.Threading.Tasks.Task", "Delay", Overloads.WithoutTimeProvider, RealTimer, "use runtime.Delay(d), or Task.Delay(d, runtime.Time)"),
        Refuse("System.Threading.Tasks.Task", "WaitAsync", Overloads.WithDelayWithoutTimeProvider, RealTimer, "use WaitAsync(timeout, runtime.Time)"),
        Refuse("System.Threading.CancellationTokenSource", "new", Overloads.WithDelayWithoutTimeProvider, RealTimer, "use new CancellationTokenSource(delay, runtime.Time)"),
        Refuse("System.Threading.CancellationTokenSource", "CancelAfter", Overloads.All, RealTimer + " unless the source was made with a TimeProvider", "use new CancellationTokenSource(delay, runtime.Time)"),
        Refuse("System.Threading.CancellationTokenSource", "CancelAsync", Overloads.All, ThreadPool, "use Cancel()"),
        Refuse("System.Threading.PeriodicTimer", "new", Overloads.WithDelayWithoutTimeProvider, RealTimer, "use new PeriodicTimer(period, runtime.Time)"),

        // Randomness: the seed's only.
        Refuse("System.Random", "new", Overloads.WithoutParameters, Unseeded, UseRandom + ", or new Random(seed) with a seed drawn from it"),
        Refuse("System.Random", "Shared", Overloads.All, Unseeded, UseRandom),
        Refuse("System.Guid", "NewGuid", Overloads.All, Unseeded, "make an id from runtime.Random (e.g. runtime.Random.NextInt64())"),
        Refuse("System.Guid", "CreateVersion7", Overloads.All, Unseeded, "make an id from runtime.Random (e.g. runtime.Random.NextInt64())"),

        // Tasks: no thread pool, no blocking, no ConfigureAwait(false).
        Refuse("System.Threading.Tasks.Task", "Run", Overloads.All, ThreadPool, UseGo),
        Refuse("System.Threading.Tasks.Task", "Factory", Overloads.All, ThreadPool, UseGo),
        Refuse("System.Threading.Tasks.Task", "new", Overloads.All, "a task started by Start runs on the thread pool", UseGo + ", or write an async method"),
        Refuse("System.Threading.Tasks.Task", "Start", Overloads.All, ThreadPool, UseGo),
        Refuse("System.Threading.Tasks.Task", "RunSynchronously", Overloads.All, "a task made by its constructor has no place in the simulation", UseGo + ", or write an async method"),
        Refuse("System.Threading.Tasks.Task", "ContinueWith", Overloads.WithoutScheduler, ThreadPool + " (the default scheduler)", "await the task, then carry on"),
        Refuse("System.Threading.Tasks.Task", "Wait", Overloads.All, Blocks, UseAwait),
        Refuse("System.Threading.Tasks.Task", "WaitAll", Overloads.All, Blocks, "await Task.WhenAll(...)"),
        Refuse("System.Threading.Tasks.Task", "WaitAny", Overloads.All, Blocks, "await Task.WhenAny(...)"),
        Refuse("System.Threading.Tasks.Task", "Result", Overloads.All, Blocks, UseAwait),
        Refuse("System.Threading.Tasks.Task", "WhenEach", Overloads.All, "it is not known to stay on the simulation", "await Task.WhenAny(...) in a loop"),
        Refuse("System.Threading.Tasks.Task", "ConfigureAwait", Overloads.UnlessArgumentIsTrue, "it resumes on the thread pool, outside the simulation", "leave ConfigureAwait out"),
        Refuse("System.Threading.Tasks.Task", "Id", Overloads.All, "task ids come from a counter of the whole process: two runs differ", "number your tasks yourself"),
        Refuse("System.Threading.Tasks.Task", "CurrentId", Overloads.All, "task ids come from a counter of the whole process: two runs differ", "number your tasks yourself"),
        Refuse("System.Threading.Tasks.ValueTask", "Result", Overloads.All, Blocks, UseAwait),
        Refuse("System.Threading.Tasks.ValueTask", "AsTask", Overloads.All, "a channel completes that task from the thread pool", "await the ValueTask itself (in an async method, if a Task is needed)"),
        Refuse("System.Threading.Tasks.ValueTask", "ConfigureAwait", Overloads.UnlessArgumentIsTrue, "it resumes on the thread pool, outside the simulation", "leave ConfigureAwait out"),
        Refuse("System.Threading.Tasks.TaskAsyncEnumerableExtensions", "ConfigureAwait", Overloads.UnlessArgumentIsTrue, "it resumes on the thread pool, outside the simulation", "leave ConfigureAwait out"),
        Refuse("System.Threading.Tasks.TaskAsyncEnumerableExtensions", "ToBlockingEnumerable", Overloads.All, Blocks, "use await foreach"),
        Refuse("System.Runtime.CompilerServices.TaskAwaiter", "GetResult", Overloads.All, Blocks, UseAwait),
        Refuse("System.Runtime.CompilerServices.ValueTaskAwaiter", "GetResult", Overloads.All, Blocks, UseAwait),
        Refuse("System.Runtime.CompilerServices.ConfiguredTaskAwaitable.ConfiguredTaskAwaiter", "GetResult", Overloads.All, Blocks, UseAwait),
        Refuse("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable.ConfiguredValueTaskAwaiter", "GetResult", Overloads.All, Blocks, UseAwait),
        Allow("System.Threading.Tasks.TaskScheduler", "FromCurrentSynchronizationContext"),
        Refuse("System.Threading.Tasks.TaskScheduler", "Default", Overloads.All, ThreadPool, "leave the scheduler out"),
        Refuse("System.Threading.Tasks.TaskScheduler", "Current", Overloads.All, ThreadPool + " (outside a task of its own, the current scheduler is the default one)", "pass TaskScheduler.FromCurrentSynchronizationContext()"),

        // Waiting: asynchronously, on the simulation.
        Refuse("System.Threading.SemaphoreSlim", "Wait", Overloads.All, Blocks, "await WaitAsync()"),
        Refuse("System.Threading.SemaphoreSlim", "WaitAsync", Overloads.WithParameters, "with a timeout or a token it waits in an async method of the runtime's that resumes on the thread pool", "use WaitAsync(); for a timeout, a bounded SimChannel and Select"),
        Refuse("System.Threading.SemaphoreSlim", "AvailableWaitHandle", Overloads.All, Blocks, "await WaitAsync()"),
        Refuse("System.Threading.Monitor", "Wait", Overloads.All, Blocks, "use Cond"),
        Refuse("System.Threading.Monitor", "Pulse", Overloads.All, "it pairs with Monitor.Wait, which blocks the simulation's one thread", "use Cond"),
        Refuse("System.Threading.Monitor", "PulseAll", Overloads.All, "it pairs with Monitor.Wait, which blocks the simulation's one thread", "use Cond"),
        Refuse("System.Threading.CancellationToken", "WaitHandle", Overloads.All, Blocks, "register a callback, or await a TaskCompletionSource"),
        Refuse("System.Threading.Channels.Channel", "CreateUnbounded", Overloads.All, "the runtime's channel's ReadAllAsync leaves the simulation", "use SimChannel.CreateUnbounded<T>()"),
        Refuse("System.Threading.Channels.Channel", "CreateBounded", Overloads.All, "the runtime's channel's ReadAllAsync leaves the simulation", "use SimChannel.CreateBounded<T>(...)"),
        Refuse("System.Threading.Channels.Channel", "CreateUnboundedPrioritized", Overloads.All, "the runtime's channel's ReadAllAsync leaves the simulation", "use SimChannel.CreateUnbounded<T>()"),

        // Settings of the whole process.
        Refuse("System.Text.Encoding", "RegisterProvider", Overloads.All, Setting, Leave),
        Refuse("System.Text.RegularExpressions.Regex", "CacheSize", Overloads.WhenSet, Setting, Leave),
        Refuse("System.Globalization.CultureInfo", "CurrentCulture", Overloads.WhenSet, Setting, "pass CultureInfo.InvariantCulture where it matters"),
        Refuse("System.Globalization.CultureInfo", "CurrentUICulture", Overloads.WhenSet, Setting, "pass CultureInfo.InvariantCulture where it matters"),
        Refuse("System.Globalization.CultureInfo", "DefaultThreadCurrentCulture", Overloads.WhenSet, Setting, "pass CultureInfo.InvariantCulture where it matters"),
        Refuse("System.Globalization.CultureInfo", "DefaultThreadCurrentUICulture", Overloads.WhenSet, Setting, "pass CultureInfo.InvariantCulture where it matters"),
        Refuse("System.Diagnostics.Debug", "SetProvider", Overloads.All, Setting, "use Debug.Assert and Debug.WriteLine as they are"),
        Refuse("Microsoft.Extensions.Logging.ILoggerFactory", "AddProvider", Overloads.All, "the logger factory is the harness's: a provider would read its logs", "create loggers with runtime.LoggerFactory.CreateLogger(...)"),
        Refuse("Microsoft.Extensions.Logging.ILoggerFactory", "Dispose", Overloads.All, "the logger factory is the harness's", "leave it to the harness"),

        // What the process shares with the harness: pooled arrays hold what the harness left in them.
        Refuse("System.Buffers.ArrayPool", "Shared", Overloads.All, "the pool is shared with the harness: a rented array holds what the harness left in it", "use ArrayPool<T>.Create() for a pool of your own, or new T[n]"),
        Refuse("System.Buffers.MemoryPool", "Shared", Overloads.All, "the pool is shared with the harness: a rented buffer holds what the harness left in it", "use new T[n], or ArrayPool<T>.Create()"),
        Refuse("System.String", "Intern", Overloads.All, "the intern pool is shared with the harness", "compare strings with string.Equals"),
        Refuse("System.String", "IsInterned", Overloads.All, "the intern pool is shared with the harness", "compare strings with string.Equals"),

        // Unsafe and CollectionsMarshal: the few members that are memory-safe.
        Allow("System.Runtime.CompilerServices.Unsafe", "IsNullRef"),
        Allow("System.Runtime.InteropServices.CollectionsMarshal", "GetValueRefOrNullRef"),
        Allow("System.Runtime.InteropServices.CollectionsMarshal", "GetValueRefOrAddDefault"),
        Allow("System.Runtime.InteropServices.CollectionsMarshal", "AsSpan"),

        // LabRpc: the parts of the student's world that reach the harness.
        Refuse("LabRpc.ClientEnd", "Network", Overloads.All, Harness, UseClientEnd),
        Refuse("LabRpc.Persister", "Open", Overloads.All, Files, "use the Persister you are given"),
        Refuse("LabRpc.Persister", "Folder", Overloads.All, Files, "use the Persister you are given"),
        Refuse("LabRpc.Persister", "OnPersist", Overloads.All, "the harness's hook for crashing a server at a chosen write", "leave it to the harness"),
        Refuse("LabRpc.Persister", "Dispose", Overloads.All, "the Persister belongs to the harness, which keeps it across crashes", "leave it to the harness"),
    ];

    private static NamespaceRule Allow(string name) => new(name, allowed: true, "", "", unsafeCode: false);

    private static NamespaceRule Refuse(string name, string why, string instead) => new(name, allowed: false, why, instead, unsafeCode: false);

    private static NamespaceRule RefuseUnsafe(string name, string why, string instead) => new(name, allowed: false, why, instead, unsafeCode: true);

    private static TypeRule[] AllowAll(params string[] names)
    {
        var rules = new TypeRule[names.Length];
        for (int i = 0; i < names.Length; i++) rules[i] = new TypeRule(names[i], TypeAccess.Allowed, "", "", noSubclass: false, unsafeCode: false);
        return rules;
    }

    private static TypeRule ListedOnly(string name, string why, string instead) => new(name, TypeAccess.ListedMembersOnly, why, instead, noSubclass: false, unsafeCode: false);

    private static TypeRule TypeofOnly(string name, string why, string instead) => new(name, TypeAccess.TypeofOnly, why, instead, noSubclass: true, unsafeCode: false);

    private static TypeRule Refused(string name, string why, string instead) => new(name, TypeAccess.Refused, why, instead, noSubclass: true, unsafeCode: false);

    private static TypeRule RefusedUnsafe(string name, string why, string instead) => new(name, TypeAccess.Refused, why, instead, noSubclass: true, unsafeCode: true);

    private static MemberRule Allow(string type, string member) => new(type, member, Overloads.All, allowed: true, "", "");

    private static MemberRule Refuse(string type, string member, Overloads overloads, string why, string instead) =>
        new(type, member, overloads, allowed: false, why, instead);
}
