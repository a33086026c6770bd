using System.Runtime.CompilerServices;
using System.Text;

using Concurrency.Core;

namespace Concurrency;

/// <summary>
/// Names a unit of work for reports (slow-slice, queued-work, starvation and deadlock warnings) as an operator reads
/// it: the method, or "lambda in Type.Method" for a lambda, never a compiler-generated closure type; work that knows
/// better (a scatter-gather call: its cell and query) describes itself. Backends use it to name what they run.
/// </summary>
public static class WorkDescription
{
    /// <summary>
    /// Names state-passing work: the state when it describes itself, the caller's delegate when the work is one of
    /// <see cref="ExecutorExtensions"/>' adapters, otherwise the work itself.
    /// </summary>
    internal static string Of<TState>(Delegate work, TState state) => state switch
    {
        IDescribedWork described => described.Description,
        Delegate caller when IsAdapter(work) => Of(caller),
        _ => Of(work),
    };

    /// <summary>Names a delegate: <c>Namespace.Type.Method</c>, <c>lambda in Namespace.Type.Method</c>, or <c>local function Name in ...</c>.</summary>
    /// <param name="work">The delegate.</param>
    /// <returns>The name as reports show it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    public static string Of(Delegate work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (work.Target is IDescribedWork described)
        {
            return described.Description;
        }

        var method = work.Method;
        var type = method.DeclaringType;
        while (type is not null && type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false))
        {
            type = type.DeclaringType;
        }

        string name = method.Name;
        string where = type is null ? string.Empty : $"{Readable(type)}.";

        // A lambda's method is named "<Outer>b__0_1" (a local function's "<Outer>g__Name|0_0"): show where it was written.
        if (name.StartsWith('<') && name.IndexOf('>', StringComparison.Ordinal) is > 1 and var end)
        {
            string outer = name[1..end];
            int local = name.IndexOf("g__", StringComparison.Ordinal);
            return local > 0 && name.IndexOf('|', local) is > 0 and var bar
                ? $"local function {name[(local + 3)..bar]} in {where}{outer}"
                : $"lambda in {where}{outer}";
        }

        return where + name;
    }

    private static bool IsAdapter(Delegate work)
    {
        for (var type = work.Method.DeclaringType; type is not null; type = type.DeclaringType)
        {
            if (type == typeof(SubmitAdapters))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A type as code spells it: namespace, outer types and generic arguments, without assembly names.</summary>
    private static string Readable(Type type)
    {
        var text = new StringBuilder();
        if (type.DeclaringType is { } outer && !type.IsGenericParameter)
        {
            text.Append(Readable(outer)).Append('.');
        }
        else if (!string.IsNullOrEmpty(type.Namespace))
        {
            text.Append(type.Namespace).Append('.');
        }

        int tick = type.Name.IndexOf('`', StringComparison.Ordinal);
        text.Append(tick < 0 ? type.Name : type.Name[..tick]);
        var arguments = type.IsGenericType ? type.GetGenericArguments() : [];
        if (arguments.Length > 0)
        {
            text.Append('<').AppendJoin(", ", arguments.Select(argument => argument.Name)).Append('>');
        }

        return text.ToString();
    }
}
