using System.Diagnostics;
using System.Reflection;

namespace Concurrency.Testing;

/// <summary>Names where work that left the simulation came from, from what the thread it ran on shows.</summary>
internal static class Escapes
{
    private static readonly PropertyInfo? s_currentTask = typeof(Task).GetProperty("InternalCurrent", BindingFlags.NonPublic | BindingFlags.Static);
    private static readonly FieldInfo? s_action = typeof(Task).GetField("m_action", BindingFlags.NonPublic | BindingFlags.Instance);

    private static readonly FieldInfo? s_continuations = typeof(Task).GetField("m_continuationObject", BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>
    /// The continuations of a pending runtime Task that will not come back to the simulation when it completes: awaits
    /// with ConfigureAwait(false), ContinueWith on the default scheduler, WhenAll/WhenAny over it.
    /// </summary>
    public static List<SimulationEscape> ResumedOnThreadPool(object? state)
    {
        var found = new List<SimulationEscape>();
        if (state is not Task { IsCompleted: false } task || s_continuations?.GetValue(task) is not { } continuations)
        {
            return found;
        }

        foreach (var continuation in continuations is List<object?> list ? list : [continuations])
        {
            string? where = continuation switch
            {
                null => null,
                Delegate action => ReadyEntry.Describe(action),
                _ when continuation.GetType() is { IsGenericType: true } box && box.Name.StartsWith("AsyncStateMachineBox", StringComparison.Ordinal) =>
                    ReadyEntry.AsyncMethod(box.GetGenericArguments()[^1]),
                _ when continuation.GetType().Name is "AwaitTaskContinuation" or "ContinueWithTaskContinuation" => continuation.GetType().Name,
                _ when continuation.GetType().Name.Contains("Promise", StringComparison.Ordinal) => $"Task.WhenAll or Task.WhenAny ({continuation.GetType().Name})",
                _ => null,
            };
            if (where is not null)
            {
                found.Add(new SimulationEscape(
                    "resumed on a .NET pool thread",
                    $"{where}, after a Task.Delay or WaitAsync on the simulation's clock (the runtime resumes a ConfigureAwait(false) await of those on the .NET pool; await it on the simulation's context)"));
            }
        }

        return found;
    }

    /// <summary>Work posted back to the simulation from another thread: the poster's own frames say where.</summary>
    public static SimulationEscape FromPost(object target, object? state)
    {
        string what = new ReadyEntry(target, state, 0, null).Describe();
        return new SimulationEscape("came back from another thread", $"{what}{UserFrames(new StackTrace(2, fNeedFileInfo: true))}");
    }

    /// <summary>A .NET pool thread starting work that carries the simulation's context.</summary>
    public static SimulationEscape FromThreadPool()
    {
        try
        {
            if (s_currentTask?.GetValue(null) is Task task && s_action?.GetValue(task) is Delegate work)
            {
                return new SimulationEscape("ran on a .NET pool thread", $"Task.Run or a Task started on the .NET pool: {ReadyEntry.Describe(work)}");
            }
        }
        catch (Exception error) when (error is TargetException or MemberAccessException or NotSupportedException)
        {
            // The runtime's private members moved: fall back to the stack.
        }

        var frames = new StackTrace(fNeedFileInfo: false).GetFrames();
        foreach (var frame in frames)
        {
            var type = frame.GetMethod()?.DeclaringType;
            if (type is null)
            {
                continue;
            }

            if (type.FullName?.StartsWith("System.Threading.TimerQueueTimer", StringComparison.Ordinal) == true)
            {
                return new SimulationEscape("ran on a real timer", "Task.Delay, a CancellationTokenSource timeout or a Timer made without the simulation's clock (pass simulation.Time)");
            }

            if (type.IsGenericType && type.Name.StartsWith("AsyncStateMachineBox", StringComparison.Ordinal))
            {
                return new SimulationEscape(
                    "resumed on a .NET pool thread",
                    "an async method (an await with ConfigureAwait(false): where a SynchronizationContext is set, as on the simulation's thread, the runtime resumes those on the .NET pool; or an await of a Task completed outside the simulation)");
            }
        }

        return new SimulationEscape("ran on a .NET pool thread", $"work queued to the .NET pool{UserFrames(new StackTrace(1, fNeedFileInfo: true))}");
    }

    /// <summary>The first frames of the caller's own code, outside the runtime and this library.</summary>
    private static string UserFrames(StackTrace trace)
    {
        var own = trace.GetFrames()
            .Where(frame => frame.GetMethod()?.DeclaringType is { } type && !IsInfrastructure(type))
            .Take(3)
            .Select(frame => $"{Name(frame.GetMethod()!)}{(frame.GetFileName() is { } file ? $" ({Path.GetFileName(file)}:{frame.GetFileLineNumber()})" : string.Empty)}")
            .ToList();
        return own.Count == 0 ? string.Empty : $", from {string.Join(" < ", own)}";
    }

    private static string Name(MethodBase method)
    {
        var type = method.DeclaringType!;
        return method.Name == "MoveNext" && typeof(System.Runtime.CompilerServices.IAsyncStateMachine).IsAssignableFrom(type)
            ? ReadyEntry.AsyncMethod(type)
            : $"{type.Name}.{method.Name}";
    }

    private static bool IsInfrastructure(Type type)
    {
        string name = type.Namespace ?? string.Empty;
        return name.StartsWith("System", StringComparison.Ordinal)
            || name.StartsWith("Microsoft", StringComparison.Ordinal)
            || name.StartsWith("Xunit", StringComparison.Ordinal)
            || name == "Concurrency" || name.StartsWith("Concurrency.Testing", StringComparison.Ordinal) || name == "Concurrency.Core";
    }
}
