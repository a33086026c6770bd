using System.Reflection;
using System.Runtime.CompilerServices;
using Concurrency.Cells;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests.Packaging;

/// <summary>
/// The packages' boundaries as shipped: which of our assemblies each one references, and that none opens its
/// internals to another shipped package (so packages of different versions never meet through an internal member).
/// </summary>
public sealed class PackageBoundaryTests
{
    private static readonly Assembly s_abstractions = typeof(IExecutor).Assembly;
    private static readonly Assembly s_cooperative = typeof(CooperativeLoop).Assembly;
    private static readonly Assembly s_threaded = typeof(ThreadPoolExecutor).Assembly;
    private static readonly Assembly s_concurrency = typeof(ScatterGather).Assembly;
    private static readonly Assembly s_hosting = typeof(Concurrency.Hosting.ConcurrencyOptions).Assembly;
    private static readonly Assembly s_aspNetCore = typeof(Concurrency.AspNetCore.ConcurrencyStatus).Assembly;
    private static readonly Assembly s_rabbitMq = typeof(Concurrency.RabbitMQ.MessageConsumer).Assembly;

    public static TheoryData<string, string[]> OwnReferences => new()
    {
        { "Concurrency.Abstractions", [] },
        { "Concurrency.Cooperative", ["Concurrency.Abstractions"] },
        { "Concurrency.Threaded", ["Concurrency.Abstractions"] },
        { "Concurrency", ["Concurrency.Abstractions", "Concurrency.Cooperative", "Concurrency.Threaded"] },
        { "Concurrency.Hosting", ["Concurrency", "Concurrency.Abstractions", "Concurrency.Cooperative", "Concurrency.Threaded"] },
        { "Concurrency.AspNetCore", ["Concurrency", "Concurrency.Abstractions", "Concurrency.Cooperative", "Concurrency.Hosting"] },
        { "Concurrency.RabbitMQ", ["Concurrency", "Concurrency.Abstractions", "Concurrency.Hosting"] },
    };

    [Theory]
    [MemberData(nameof(OwnReferences))]
    public void Assembly_References_OnlyThePackagesItIsBuiltOn(string assembly, string[] expected)
    {
        var references = Shipped(assembly).GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(name => name == "Concurrency" || name.StartsWith("Concurrency.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        references.Should().Equal(expected.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(OwnReferences))]
    public void Assembly_InternalsVisibleTo_OnlyTheTestsAndBenchmarks(string assembly, string[] unused)
    {
        _ = unused;
        var friends = Shipped(assembly).GetCustomAttributes<InternalsVisibleToAttribute>().Select(friend => friend.AssemblyName);

        friends.Should().BeSubsetOf(["Concurrency.Tests", "Concurrency.Benchmarks"]);
    }

    [Fact]
    public async Task CooperativeLoop_OffloadPool_IsTheCooperativePackagesOwn()
    {
        await using var loop = new CooperativeLoop(new CooperativeLoopOptions { Name = "boundary-loop" });

        loop.OffloadExecutor.GetType().Assembly.Should().BeSameAs(s_cooperative);
        loop.OffloadExecutor.Name.Should().Be("boundary-loop.offload");
        (await loop.OffloadExecutor.Submit(_ => Thread.CurrentThread.Name).Within()).Should().Be("boundary-loop.offload-1");
    }

    private static Assembly Shipped(string name) =>
        new[] { s_abstractions, s_cooperative, s_threaded, s_concurrency, s_hosting, s_aspNetCore, s_rabbitMq }.Single(assembly => assembly.GetName().Name == name);
}
