using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Concurrency.Hosting;

/// <summary>
/// Checks the section's raw text where binding would lose it: the binder skips a dictionary value it cannot convert
/// (<c>"Pools": { "default": "lots" }</c>), which would start the host with a default size and no word said.
/// </summary>
internal sealed class ConfigurationValuesValidator(IConfiguration section) : IValidateOptions<ConcurrencyOptions>
{
    public ValidateOptionsResult Validate(string? name, ConcurrencyOptions options)
    {
        var failures = new List<string>();
        foreach (var pool in section.GetSection(nameof(ConcurrencyOptions.Pools)).GetChildren())
        {
            if (pool.Value is { } text && !int.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                failures.Add($"{pool.Path} '{text}' is not accepted: use a whole number from 1 to {ExecutorOptions.MaxWorkersLimit}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
