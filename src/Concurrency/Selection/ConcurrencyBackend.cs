namespace Concurrency;

/// <summary>
/// Chooses the process's backend. By default the choice comes from the environment variable
/// <c>DISABLE_COOPERATIVE_MODE</c> on first use and cannot change afterwards.
/// </summary>
/// <remarks>
/// Accepted values, in any case and with surrounding white space ignored: <c>true</c>, <c>1</c>, <c>yes</c>,
/// <c>on</c> select <see cref="Threaded"/>; <c>false</c>, <c>0</c>, <c>no</c>, <c>off</c>, empty or unset select
/// <see cref="Cooperative"/>. Any other value throws <see cref="BackendSelectionException"/>.
/// </remarks>
public static class ConcurrencyBackend
{
    /// <summary>The environment variable that chooses the backend.</summary>
    public const string EnvironmentVariable = BackendEnvironment.Variable;

    /// <summary>The name of the single-threaded cooperative backend (the default).</summary>
    public const string Cooperative = CooperativeExecutor.BackendName;

    /// <summary>The name of the native thread-pool backend.</summary>
    public const string Threaded = ThreadPoolExecutor.BackendName;

    private static readonly BackendRegistry s_registry = new();
    private static readonly BackendSelector s_selector = new(s_registry, Environment.GetEnvironmentVariable);

    /// <summary>The process's backend; selected from the environment on first use.</summary>
    /// <exception cref="BackendSelectionException">The variable's value is not accepted.</exception>
    public static ExecutorBackend Current => s_selector.Current;

    /// <summary>Whether the process's backend has been chosen yet.</summary>
    public static bool IsSelected => s_selector.IsSelected;

    /// <summary>Chooses the process's backend in code, ignoring the environment. Allowed once; repeating the same choice is harmless.</summary>
    /// <param name="name">A backend name, such as <see cref="Threaded"/>.</param>
    /// <returns>The selected backend.</returns>
    /// <exception cref="BackendAlreadySelectedException">A different backend is already in force.</exception>
    /// <exception cref="BackendSelectionException">The name is not registered.</exception>
    public static ExecutorBackend Select(string name) => s_selector.Select(name);

    /// <summary>Finds a backend by name without making it the process's backend (tests use this to choose explicitly).</summary>
    /// <param name="name">A backend name.</param>
    /// <returns>The backend.</returns>
    /// <exception cref="BackendSelectionException">The name is not registered.</exception>
    public static ExecutorBackend Get(string name) => s_registry.Get(name);

    /// <summary>Makes a backend available by its name.</summary>
    /// <param name="backend">The backend.</param>
    /// <exception cref="ArgumentException">A different backend type already has that name.</exception>
    public static void Register(ExecutorBackend backend) => s_registry.Register(backend);

    /// <summary>Tells which backend a value of <see cref="EnvironmentVariable"/> selects.</summary>
    /// <param name="value">The variable's value; null means unset.</param>
    /// <returns><see cref="Cooperative"/> or <see cref="Threaded"/>.</returns>
    /// <exception cref="BackendSelectionException">The value is not accepted; the message lists the accepted values.</exception>
    public static string ParseEnvironmentValue(string? value) => BackendEnvironment.Parse(value);
}
