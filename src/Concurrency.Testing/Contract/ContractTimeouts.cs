namespace Concurrency.Testing;

/// <summary>
/// A ceiling for awaiting something the contract says must happen, so a broken backend fails the test instead of
/// hanging the run. Never used to make something happen: no contract test waits for time to pass.
/// </summary>
internal static class ContractTimeouts
{
    public static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(30);

    public static Task Within(this Task task) => task.WaitAsync(Ceiling);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Ceiling);
}
