namespace Concurrency.Hosting;

/// <summary>
/// Decides the backend for the host: the environment variable when it is set, otherwise the configured backend
/// (<c>auto</c> leaves it to the environment's default). The process-wide choice is made through
/// <see cref="ConcurrencyBackend"/>, so code outside the container sees the same backend.
/// </summary>
internal sealed class BackendChooser(Func<string, string?> readEnvironment, Func<ExecutorBackend> current, Func<string, ExecutorBackend> select)
{
    public static BackendChooser Process { get; } = new(Environment.GetEnvironmentVariable, () => ConcurrencyBackend.Current, ConcurrencyBackend.Select);

    public static string? Normalize(string? configured) => configured?.Trim().ToLowerInvariant() switch
    {
        "auto" or "" or null => "auto",
        ConcurrencyBackend.Cooperative => ConcurrencyBackend.Cooperative,
        ConcurrencyBackend.Threaded => ConcurrencyBackend.Threaded,
        _ => null,
    };

    public (ExecutorBackend Backend, string Reason) Choose(string configured)
    {
        var variable = readEnvironment(ConcurrencyBackend.EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(variable))
        {
            return (current(), $"{ConcurrencyBackend.EnvironmentVariable}={variable.Trim()}, which wins over configuration");
        }

        var name = Normalize(configured) ?? throw new InvalidOperationException($"Backend '{configured}' is not accepted: use auto, cooperative or threaded.");
        return name == "auto"
            ? (current(), $"{ConcurrencyBackend.EnvironmentVariable} unset and {ConcurrencyOptions.SectionName}:Backend auto")
            : (select(name), $"{ConcurrencyOptions.SectionName}:Backend {name}");
    }
}
