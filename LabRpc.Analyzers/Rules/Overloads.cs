namespace LabRpc.Analyzers.Rules;

/// <summary>Which uses of a member a <see cref="MemberRule"/> covers.</summary>
public enum Overloads
{
    /// <summary>Every overload and every use.</summary>
    All,

    /// <summary>The overloads without a <c>System.TimeProvider</c> parameter (they fall back to the machine's clock).</summary>
    WithoutTimeProvider,

    /// <summary>The overloads with a delay or timeout (a <c>TimeSpan</c>, or a number of milliseconds) and no
    /// <c>TimeProvider</c> parameter.</summary>
    WithDelayWithoutTimeProvider,

    /// <summary>The overloads that take any parameter.</summary>
    WithParameters,

    /// <summary>The overload without parameters.</summary>
    WithoutParameters,

    /// <summary>The overloads without a <c>System.Threading.Tasks.TaskScheduler</c> parameter.</summary>
    WithoutScheduler,

    /// <summary>Every call whose <c>bool</c> argument is not the constant <c>true</c>.</summary>
    UnlessArgumentIsTrue,

    /// <summary>Assignments to the property (reading it stays allowed).</summary>
    WhenSet,
}
