namespace Concurrency.Core;

/// <summary>Names a unit of work for reports (slow-slice warnings, queue warnings) from its delegate.</summary>
internal static class WorkDescription
{
    public static string Of(Delegate work) =>
        work.Method.DeclaringType is { } type ? $"{type.FullName}.{work.Method.Name}" : work.Method.Name;
}
