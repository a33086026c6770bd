using System.Reflection;

namespace Concurrency.PeriodicWork;

public sealed partial class PeriodicWorker
{
    /// <summary>
    /// Creates a worker with every method of <paramref name="target"/> marked <see cref="PeriodicAttribute"/>, as
    /// futurist discovers its <c>@periodic</c> methods. Methods take nothing or a CancellationToken and return void or a Task.
    /// </summary>
    /// <param name="target">The object whose methods are the callbacks.</param>
    /// <param name="executor">Where callbacks run; null creates a synchronous executor the worker owns.</param>
    /// <param name="options">Strategy, failure hook, clock; null takes the defaults.</param>
    /// <returns>A worker holding one callback per marked method, named after the method.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    /// <exception cref="ArgumentException">A marked method has another signature, or a spacing that is not above zero.</exception>
    public static PeriodicWorker FromObject(object target, IExecutor? executor = null, PeriodicWorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var worker = new PeriodicWorker(executor, options);
        var methods = target.GetType().GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(method => (Method: method, Periodic: method.GetCustomAttribute<PeriodicAttribute>()))
            .Where(found => found.Periodic is not null)
            .OrderBy(found => found.Method.Name, StringComparer.Ordinal);
        foreach (var (method, periodic) in methods)
        {
            if (!(periodic!.SpacingSeconds > 0))
            {
                throw new ArgumentException($"[Periodic({periodic.SpacingSeconds})] on {method.Name} is not accepted: the spacing must be a number of seconds above zero.", nameof(target));
            }

            worker.Add(method.Name, Bind(target, method), TimeSpan.FromSeconds(periodic.SpacingSeconds), periodic.RunImmediately, periodic.Enabled);
        }

        return worker;
    }

    private static Func<CancellationToken, Task> Bind(object target, MethodInfo method)
    {
        var parameters = method.GetParameters();
        bool takesToken = parameters is [{ ParameterType: var type }] && type == typeof(CancellationToken);
        bool returnsTask = typeof(Task).IsAssignableFrom(method.ReturnType);
        if ((parameters.Length != 0 && !takesToken) || (method.ReturnType != typeof(void) && !returnsTask))
        {
            throw new ArgumentException(
                $"Periodic method {method.DeclaringType?.Name}.{method.Name} has a signature that is not accepted: use void or Task as the return type, and no parameter or one CancellationToken.",
                nameof(target));
        }

        return ct =>
        {
            object?[] arguments = takesToken ? [ct] : [];
            try
            {
                return method.Invoke(target, arguments) as Task ?? Task.CompletedTask;
            }
            catch (TargetInvocationException invocation) when (invocation.InnerException is { } inner)
            {
                // The callback's own exception, not reflection's wrapper (NeverAgainException included).
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
                throw;
            }
        };
    }
}
