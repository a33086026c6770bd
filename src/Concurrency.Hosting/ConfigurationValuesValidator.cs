using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Concurrency.Hosting;

/// <summary>
/// Checks the section's raw text where binding would lose it: the binder skips a dictionary value it cannot convert
/// (<c>"Pools": { "threaded": { "default": "lots" } }</c>) or a size without its backend (<c>"Pools": { "default": 10 }</c>),
/// which would start the host with a default size and no word said.
/// </summary>
internal sealed class ConfigurationValuesValidator(IConfiguration section) : IValidateOptions<ConcurrencyOptions>
{
    public ValidateOptionsResult Validate(string? name, ConcurrencyOptions options)
    {
        var failures = new List<string>();
        foreach (var backend in section.GetSection(nameof(ConcurrencyOptions.Pools)).GetChildren())
        {
            if (backend.Value is { } flat)
            {
                failures.Add($"{backend.Path} = {flat} is not accepted: pool sizes are per backend, use {backend.Path.Replace(backend.Key, "threaded:" + backend.Key, StringComparison.Ordinal)} or {backend.Path.Replace(backend.Key, "cooperative:" + backend.Key, StringComparison.Ordinal)}.");
                continue;
            }

            foreach (var pool in backend.GetChildren())
            {
                if (pool.Value is { } text && !IsWholeNumber(text))
                {
                    failures.Add($"{pool.Path} '{text}' is not accepted: use a whole number from 1 to {ExecutorOptions.MaxWorkersLimit}.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsWholeNumber(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
}
