using BugZoo;
using Concurrency;
using Concurrency.Testing;
using Microsoft.Coyote.SystematicTesting;

namespace CoyoteZoo;

public static class ZooTests
{
    private static Task Buggy(string name)
    {
        var run = new BackendRun("threaded", ThreadPoolExecutor.Backend, TimeProvider.System, null, new FaultPlan(TimeProvider.System, Random.Shared.Next()));
        return BugZoo.Zoo.Get(name).RunAsync(run, fixedVersion: false);
    }

    [Test] public static Task DoubleBooking() => Buggy("double-booking");
    [Test] public static Task LostUpdate() => Buggy("lost-update");
    [Test] public static Task NestedSubmission() => Buggy("nested-submission");
    [Test] public static Task AbandonedConnection() => Buggy("abandoned-connection");
    [Test] public static Task HungCell() => Buggy("hung-cell");
    [Test] public static Task Redelivery() => Buggy("redelivery");
    [Test] public static Task PeriodicOverlap() => Buggy("periodic-overlap");
    [Test] public static Task IgnoredCancellation() => Buggy("ignored-cancellation");
}
