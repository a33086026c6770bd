using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Concurrency.Tests.Reporting;

/// <summary>
/// Every log event of the library has an id of its own across all the shipped packages, so an operator's filter on
/// an id means one event: 1-99 the cooperative loop, 101-199 scatter-gather, 201-299 executors, 301-399 hosting,
/// 401-499 RabbitMQ, 501-599 the .NET thread pool.
/// </summary>
public sealed class LogEventIdTests
{
    private static readonly Assembly[] Shipped =
    [
        typeof(IExecutor).Assembly,
        typeof(CooperativeLoop).Assembly,
        typeof(ThreadPoolExecutor).Assembly,
        typeof(ConcurrencyBackend).Assembly,
        typeof(Concurrency.Hosting.ConcurrencyHost).Assembly,
        typeof(Concurrency.AspNetCore.ConcurrencyHealthCheckOptions).Assembly,
        typeof(Concurrency.RabbitMQ.RabbitMqOptions).Assembly,
    ];

    [Fact]
    public void LoggerMessages_AcrossEveryShippedPackage_EachEventIdIsUsedOnce()
    {
        var events = Events();

        events.Should().HaveCountGreaterThan(40, "the library logs through [LoggerMessage] methods");
        events.GroupBy(entry => entry.Attribute!.EventId).Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(entry => entry.Method))}")
            .Should().BeEmpty("an event id names one event");
    }

    [Fact]
    public void LoggerMessages_EveryEvent_IsInTheOperationsPageTableWithItsLevelAndTemplate()
    {
        var page = File.ReadAllText(Path.Combine(Packaging.ConsumerTests.Root, "docs", "operations.md"));

        var missing = Events()
            .Select(entry => $"| {entry.Attribute!.EventId} | {entry.Attribute.Level} | `{entry.Package}` |")
            .Where(row => !page.Contains(row, StringComparison.Ordinal))
            .ToList();
        var templates = Events()
            .Where(entry => !page.Contains($" | {AsInTable(entry.Attribute!.Message!)} |", StringComparison.Ordinal))
            .Select(entry => $"{entry.Attribute!.EventId}: {entry.Attribute.Message}")
            .ToList();

        missing.Should().BeEmpty("docs/operations.md lists every event with its id, level and package");
        templates.Should().BeEmpty("docs/operations.md shows each event's message template as the code has it");
    }

    // A table cell escapes the column bar, and shows a line break as the code writes it.
    private static string AsInTable(string template) =>
        template.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static List<(string Package, string Method, LoggerMessageAttribute? Attribute)> Events() => Shipped
        .SelectMany(assembly => assembly.GetTypes())
        .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
        .Select(method => (
            Package: method.DeclaringType!.Assembly.GetName().Name!,
            Method: $"{method.DeclaringType.FullName}.{method.Name}",
            Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
        .Where(entry => entry.Attribute is not null)
        .ToList();
}
