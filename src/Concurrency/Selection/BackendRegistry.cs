using System.Runtime.CompilerServices;

namespace Concurrency;

/// <summary>
/// Backends by name: the two built-in backends from the start, others once registered. Nothing read from the
/// environment ever names an assembly or a type.
/// </summary>
/// <remarks>
/// A built-in backend is loaded on its first use, not when the registry is made, so a process whose deployment lacks
/// one backend's assembly still selects the other; asking for the missing one gets a
/// <see cref="BackendSelectionException"/> naming the package to reference.
/// </remarks>
internal sealed class BackendRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ExecutorBackend> _backends = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BuiltIn> _builtIn = new(StringComparer.Ordinal)
    {
        [CooperativeExecutor.BackendName] = new("Concurrency.Cooperative", LoadCooperative),
        [ThreadPoolExecutor.BackendName] = new("Concurrency.Threaded", LoadThreaded),
    };

    public void Register(ExecutorBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        lock (_gate)
        {
            var existing = _backends.GetValueOrDefault(backend.Name) ?? TryLoadBuiltInLocked(backend.Name);
            if (existing is not null && existing.GetType() != backend.GetType())
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

            if (_builtIn.TryGetValue(name, out var builtIn))
            {
                return _backends[name] = Load(name, builtIn);
            }

            throw new BackendSelectionException(
                $"Concurrency backend '{name}' is not known. Known backends: {string.Join(", ", _backends.Keys.Union(_builtIn.Keys).Order(StringComparer.Ordinal))}. Register other backends with ConcurrencyBackend.Register.");
        }
    }

    /// <summary>The built-in backend of that name when its assembly loads; null for other names or a missing assembly.</summary>
    private ExecutorBackend? TryLoadBuiltInLocked(string name)
    {
        if (!_builtIn.TryGetValue(name, out var builtIn))
        {
            return null;
        }

        try
        {
            return _backends[name] = Load(name, builtIn);
        }
        catch (BackendSelectionException)
        {
            return null;
        }
    }

    private static ExecutorBackend Load(string name, BuiltIn builtIn)
    {
        try
        {
            return builtIn.Load();
        }
        catch (Exception error) when (error is FileNotFoundException or FileLoadException or BadImageFormatException or TypeLoadException)
        {
            throw new BackendSelectionException(
                $"Concurrency backend '{name}' could not be loaded: its assembly {builtIn.Assembly} is missing or unusable ({error.GetType().Name}: {error.Message}). Reference the {builtIn.Assembly} package (the Concurrency package brings it), or choose the other backend.",
                error);
        }
    }

    // Each built-in backend's type is touched only inside its own method, so a missing assembly fails there, not here.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ExecutorBackend LoadCooperative() => CooperativeExecutor.Backend;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ExecutorBackend LoadThreaded() => ThreadPoolExecutor.Backend;

    private sealed record BuiltIn(string Assembly, Func<ExecutorBackend> Load);
}
