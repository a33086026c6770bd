using System.Reflection;
using Concurrency.Hosting;
using Concurrency.RabbitMQ;
using Concurrency.Tests.Packaging;

namespace Concurrency.Tests.Hosting;

/// <summary>docs/configuration.md's reference names every key a host binds, so a new setting cannot go undocumented.</summary>
public sealed class ConfigurationReferenceTests
{
    [Fact]
    public void ConfigurationPage_EverySettingOfBothSections_HasARow()
    {
        var page = File.ReadAllText(Path.Combine(ConsumerTests.Root, "docs", "configuration.md"));
        var keys = Keys(typeof(ConcurrencyOptions), ConcurrencyOptions.SectionName).Concat(Keys(typeof(RabbitMqOptions), RabbitMqOptions.SectionName)).ToList();

        keys.Should().HaveCountGreaterThan(15);
        keys.Where(key => !page.Contains($"| `{key}", StringComparison.Ordinal))
            .Should().BeEmpty("every bound setting has a row in the configuration reference");
    }

    // Public properties the binder fills: settable ones, and the dictionary of pools it fills in place.
    private static IEnumerable<string> Keys(Type options, string section) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod?.IsPublic == true || property.PropertyType.IsGenericType)
            .Select(property => $"{section}:{property.Name}");
}
