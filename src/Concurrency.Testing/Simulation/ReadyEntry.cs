using System.Runtime.CompilerServices;

namespace Concurrency.Testing;

/// <summary>One unit of ready work: a posted callback, an executor's started item, or a due timer.</summary>
internal readonly record struct ReadyEntry(object Target, object? State, long Sequence, string? Key)
{
    public bool IsPeriodicTick => State is SimulationScheduler.PeriodicTick;

    public void Run(SimulationScheduler scheduler)
    {
        switch (Target)
        {
            case SimulatedExecutor executor:
                scheduler.RunItem(executor, (IStartedWork)State!);
                break;
            case VirtualTimer timer:
                // A runtime promise (Task.Delay, WaitAsync) resumes context-free awaiters on the .NET pool: say so now.
                var leaving = Escapes.ResumedOnThreadPool(timer.State);
                timer.Callback(timer.State);
                leaving.ForEach(scheduler.RecordEscape);
                break;
            default:
                ((SendOrPostCallback)Target)(State);
                break;
        }
    }

    /// <summary>What the trace records: names of methods and types only, so a seed's trace is the same in any process.</summary>
    public string Describe() => Target switch
    {
        SimulatedExecutor executor => $"{executor.Name}: {((IStartedWork)State!).Description}",
        VirtualTimer timer => $"timer {Describe(timer.Callback)}",
        _ => State switch
        {
            Delegate continuation => $"resume {Describe(continuation)}",
            null => $"callback {Describe((Delegate)Target)}",
            SimulationScheduler.StartState => "the test starts",
            _ => $"callback {Describe((Delegate)Target)} ({State.GetType().Name})",
        },
    };

    /// <summary>A delegate by its method, or an await's continuation by its async method.</summary>
    public static string Describe(Delegate work)
    {
        if (work.Target is IAsyncStateMachine machine)
        {
            return AsyncMethod(machine.GetType());
        }

        if (work.Target?.GetType() is { IsGenericType: true } box && box.Name.StartsWith("AsyncStateMachineBox", StringComparison.Ordinal))
        {
            return AsyncMethod(box.GetGenericArguments()[^1]);
        }

        return WorkDescription.Of(work);
    }

    /// <summary>"Service.BookAsync" for the compiler's "&lt;BookAsync&gt;d__3" nested in Service; "lambda in Service.Book" for a lambda's.</summary>
    public static string AsyncMethod(Type machine)
    {
        string name = machine.Name;
        bool lambda = name.StartsWith("<<", StringComparison.Ordinal);
        string trimmed = name.TrimStart('<');
        int end = trimmed.IndexOf('>', StringComparison.Ordinal);
        string method = end > 0 ? trimmed[..end] : trimmed;
        var owner = machine.DeclaringType;
        while (owner is { } type && type.Name.StartsWith('<') && type.DeclaringType is not null)
        {
            owner = type.DeclaringType;
        }

        string where = owner is null ? method : $"{owner.Name}.{method}";
        return lambda ? $"lambda in {where}" : where;
    }
}
