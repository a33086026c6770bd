using System.Reflection;
using System.Runtime.Loader;

namespace Concurrency.Tests.Backends;

/// <summary>
/// A deployment that lacks one built-in backend's assembly: the library is loaded into a context of its own where
/// that assembly cannot be found, and backend selection is driven there through the public API.
/// </summary>
public sealed class MissingBackendAssemblyTests
{
    [Theory]
    [InlineData("Concurrency.Cooperative", "cooperative", "threaded")]
    [InlineData("Concurrency.Threaded", "threaded", "cooperative")]
    public void Get_BuiltInBackendAssemblyMissing_ThrowsBackendSelectionExceptionNamingThePackageAndTheOtherStillWorks(string missingAssembly, string missing, string present)
    {
        var context = new WithoutAssembly(missingAssembly);
        try
        {
            var backendApi = context.LoadFromAssemblyName(new AssemblyName("Concurrency")).GetType("Concurrency.ConcurrencyBackend", throwOnError: true)!;
            var get = backendApi.GetMethod("Get")!;

            for (int attempt = 0; attempt < 2; attempt++)
            {
                var thrown = FluentActions.Invoking(() => get.Invoke(null, [missing])).Should().Throw<TargetInvocationException>().Which.InnerException!;
                thrown.GetType().FullName.Should().Be("Concurrency.BackendSelectionException", "attempt {0} gets the documented exception, not a type initializer's", attempt + 1);
                thrown.Message.Should().Contain($"'{missing}'").And.Contain($"Reference the {missingAssembly} package");
            }

            var backend = get.Invoke(null, [present])!;
            backend.GetType().GetProperty("Name")!.GetValue(backend).Should().Be(present);
            var selected = backendApi.GetMethod("Select")!.Invoke(null, [present])!;
            selected.Should().BeSameAs(backend);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Loads the library's assemblies from the test's folder, and fails to find one of them.</summary>
    private sealed class WithoutAssembly(string missing) : AssemblyLoadContext($"without {missing}", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == missing)
            {
                throw new FileNotFoundException($"Could not load file or assembly '{name.FullName}'. The system cannot find the file specified.", name.Name + ".dll");
            }

            if (name.Name is { } simple && simple.StartsWith("Concurrency", StringComparison.Ordinal))
            {
                return LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, simple + ".dll"));
            }

            return null;
        }
    }
}
