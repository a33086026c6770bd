namespace Concurrency;

/// <summary>
/// Backends by name: the two built-in backends from the start, others once registered. Nothing read from the
/// environment ever names an assembly or a type.
/// </summary>
internal sealed class BackendRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ExecutorBackend> _backends = new(StringComparer.Ordinal);

    public BackendRegistry()
    {
        _backends.Add(CooperativeExecutor.BackendName, CooperativeExecutor.Backend);
        _backends.Add(ThreadPoolExecutor.BackendName, ThreadPoolExecutor.Backend);
    }

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
            return _backends.TryGetValue(name, out var backend)
                ? backend
                : throw new BackendSelectionException(
                    $"Concurrency backend '{name}' is not known. Known backends: {string.Join(", ", _backends.Keys.Order(StringComparer.Ordinal))}. Register other backends with ConcurrencyBackend.Register.");
        }
    }
}
