using System.Diagnostics;
using System.Reflection;

namespace Concurrency.Testing;

/// <summary>The one-line command that runs a failing seed again: the seed in the environment, the test by its full name.</summary>
internal static class ReplayCommand
{
    /// <summary>A filter naming the xunit test that called, found on the stack (an async test's state machine maps back to its method).</summary>
    public static string ForCaller()
    {
        foreach (var frame in new StackTrace(fNeedFileInfo: false).GetFrames())
        {
            if (frame.GetMethod() is not { DeclaringType: { } type } method)
            {
                continue;
            }

            if (IsTest(method))
            {
                return $"{type.FullName}.{method.Name}";
            }

            if (method.Name == "MoveNext" && type.DeclaringType is { } owner && type.Name.StartsWith('<') && type.Name.IndexOf('>', StringComparison.Ordinal) is > 1 and var end)
            {
                string name = type.Name[1..end];
                if (owner.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static).Any(candidate => candidate.Name == name && IsTest(candidate)))
                {
                    return $"{owner.FullName}.{name}";
                }
            }
        }

        return string.Empty;
    }

    public static string For(string test, int seed) =>
        test.Length == 0
            ? $"{SimulationOptions.SeedVariable}={seed} dotnet test"
            : $"{SimulationOptions.SeedVariable}={seed} dotnet test --filter \"FullyQualifiedName={test.Replace('+', '.')}\"";

    private static bool IsTest(MethodBase method) => method.IsDefined(typeof(Xunit.FactAttribute), inherit: true);
}
