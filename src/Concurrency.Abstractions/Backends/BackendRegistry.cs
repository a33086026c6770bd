using System.Diagnostics.CodeAnalysis;

namespace Concurrency;

/// <summary>
/// Backends by name. The two built-in backends are found by fixed type names when their assembly is referenced;
/// nothing read from the environment ever names an assembly or a type.
/// </summary>
internal sealed class BackendRegistry(IReadOnlyDictionary<string, BuiltInBackend>? builtIns = null)
{
    private static readonly Dictionary<string, BuiltInBackend> s_builtIns = new(StringComparer.Ordinal)
    {
        [ConcurrencyBackend.Cooperative] = new("Concurrency.CooperativeBackend, Concurrency.Cooperative", "Concurrency.Cooperative"),
        [ConcurrencyBackend.Threaded] = new("Concurrency.ThreadedBackend, Concurrency.Threaded", "Concurrency.Threaded"),
    };

    private readonly IReadOnlyDictionary<string, BuiltInBackend> _builtIns = builtIns ?? s_builtIns;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ExecutorBackend> _backends = new(StringComparer.Ordinal);

    public void Register(ExecutorBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        lock (_gate)
        {
            if (_backends.TryGetValue(backend.Name, out var existing) && existing.GetType() != backend.GetType())
            {
                throw new ArgumentException(
                    $"A backend named '{backend.Name}' is already registered ({existing.GetType().FullName}); each name may be registered once.", nameof(backend));
            }

            _backends[backend.Name] = backend;
        }
    }

    public ExecutorBackend Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            if (_backends.TryGetValue(name, out var backend))
            {
                return backend;
            }

            backend = LoadBuiltIn(name);
            _backends[name] = backend;
            return backend;
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "Only the two fixed built-in type names are loaded.")]
    private ExecutorBackend LoadBuiltIn(string name)
    {
        if (!_builtIns.TryGetValue(name, out var builtIn))
        {
            throw new BackendSelectionException(
                $"Concurrency backend '{name}' is not known. Known backends: {string.Join(", ", KnownNames())}. Register other backends with ConcurrencyBackend.Register.");
        }

        Type? type = Type.GetType(builtIn.TypeName, throwOnError: false);
        if (type is null || !type.IsSubclassOf(typeof(ExecutorBackend)))
        {
            throw new BackendSelectionException(
                $"The '{name}' concurrency backend was selected, but its assembly is not available: add a reference to the {builtIn.Package} package (or to the Concurrency package, which brings both backends).");
        }

        return (ExecutorBackend)Activator.CreateInstance(type, nonPublic: true)!;
    }

    private IEnumerable<string> KnownNames() =>
        _builtIns.Keys.Concat(_backends.Keys).Distinct().Order(StringComparer.Ordinal);
}

/// <summary>Where a built-in backend lives: a fixed type name and the package that ships it.</summary>
internal sealed record BuiltInBackend(string TypeName, string Package);
