using System.Reflection;
using Xunit.Sdk;

namespace Concurrency.Testing;

/// <summary>
/// Runs a theory once per backend, handing it a <see cref="TestBackend"/>: threaded, cooperative and simulated (or
/// the ones named). The simulated row explores <see cref="Seeds"/> seeds.
/// </summary>
/// <example>
/// <code>
/// [Theory, EveryBackend]
/// public Task Booking_TwoRequestsForTheLastSlot_OneWins(TestBackend backend) => backend.RunAsync(async run =>
/// {
///     var executor = run.Backend.CreateExecutor();
///     ...
/// });
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class EveryBackendAttribute : DataAttribute
{
    /// <summary>Every backend.</summary>
    public EveryBackendAttribute()
        : this(TestBackend.Threaded, TestBackend.Cooperative, TestBackend.Simulated)
    {
    }

    /// <summary>The backends named.</summary>
    /// <param name="backends">Names from <see cref="TestBackend"/>.</param>
    /// <exception cref="ArgumentException">A name is not a backend's.</exception>
    public EveryBackendAttribute(params string[] backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        foreach (var name in backends)
        {
            _ = TestBackend.Of(name);
        }

        Backends = backends;
    }

    /// <summary>The backends the theory runs on.</summary>
    public IReadOnlyList<string> Backends { get; }

    /// <summary>How many seeds the simulated backend explores; default 100 (<see cref="SimulationOptions.SeedsVariable"/> overrides it).</summary>
    public int Seeds { get; set; } = 100;

    /// <inheritdoc/>
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        Backends.Select(name => new object[] { TestBackend.Of(name, Seeds) });
}
