namespace Concurrency;

/// <summary>
/// Decides the process's backend once: from the environment on first use, or explicitly before that.
/// An instance per process in production; tests build their own with a fake environment.
/// </summary>
internal sealed class BackendSelector(BackendRegistry registry, Func<string, string?> readEnvironment)
{
    private readonly Lock _gate = new();
    private ExecutorBackend? _selected;
    private string _selectedBy = string.Empty;

    public bool IsSelected => Volatile.Read(ref _selected) is not null;

    public ExecutorBackend Current
    {
        get
        {
            if (Volatile.Read(ref _selected) is { } selected)
            {
                return selected;
            }

            lock (_gate)
            {
                if (_selected is null)
                {
                    string? value = readEnvironment(BackendEnvironment.Variable);
                    string name = BackendEnvironment.Parse(value);
                    var backend = registry.Get(name);
                    _selectedBy = value is null ? $"{BackendEnvironment.Variable} unset" : $"{BackendEnvironment.Variable}='{value}'";
                    Volatile.Write(ref _selected, backend);
                }

                return _selected;
            }
        }
    }

    public ExecutorBackend Select(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            if (_selected is not null)
            {
                return _selected.Name == name
                    ? _selected
                    : throw new BackendAlreadySelectedException(_selected.Name, _selectedBy, name);
            }

            var backend = registry.Get(name);
            _selectedBy = "selected in code";
            Volatile.Write(ref _selected, backend);
            return backend;
        }
    }
}
