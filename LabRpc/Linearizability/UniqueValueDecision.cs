namespace LabRpc.Linearizability;

/// <summary>
/// Decides one part of a history without search when the model describes itself as a string register with put and
/// append (<see cref="Model{TState, TInput, TOutput}.AppendRegister"/>) and the part's written values are unique. This
/// side reads the operations through the model's description; <see cref="RegisterHistory"/> decides. The argument, and
/// how unknown outcomes are handled, are in <see cref="AppendRegister{TInput, TOutput}"/>'s remarks.
/// </summary>
internal static class UniqueValueDecision
{
    /// <summary>Decides <paramref name="operations"/> (one part), or says why they are outside the class it decides.</summary>
    /// <param name="model">A model with an <see cref="Model{TState, TInput, TOutput}.AppendRegister"/>.</param>
    /// <param name="operations">The part's operations.</param>
    /// <param name="order">Whether to give a linearization when the part is linearizable.</param>
    public static UniqueValueVerdict Decide<TState, TInput, TOutput>(
        Model<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> operations, bool order)
    {
        var register = model.AppendRegister!;
        var history = new RegisterHistory(operations.Count, register.InitialValue,
            i => $"{RegisterHistory.Short(model.Describe(operations[i]), 100)} (client {operations[i].ClientId})");
        for (var i = 0; i < operations.Count; i++)
        {
            var op = operations[i];
            var known = op.IsOutcomeKnown;
            var access = register.Access(op.Input, known ? op.Output : default);
            history.Set(i, access, op.Call, op.Return);
        }
        return history.Decide(order);
    }
}
