using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Runs a host the way a worker process should end: an exit code, and one line per configuration error instead of a crash.</summary>
public static class HostExitCodeExtensions
{
    /// <summary>The exit code for a host refused at start by its configuration (as for a bad command-line option).</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>
    /// Runs the host until it stops and returns the process's exit code: 0 after a clean stop, or
    /// <see cref="ConfigurationErrorExitCode"/> when its configuration is refused at start (an options validation
    /// failure, such as <c>RabbitMQ:Uri</c> missing or <c>Concurrency:Backend</c> unknown, or a
    /// <c>DISABLE_COOPERATIVE_MODE</c> value that is not accepted), after writing one line per refused value to
    /// <paramref name="errors"/>. Any other exception is a fault, not a configuration error, and is thrown.
    /// </summary>
    /// <param name="host">The built host.</param>
    /// <param name="errors">Where the configuration errors go; standard error when null.</param>
    /// <param name="cancellationToken">Stops the host.</param>
    /// <returns>The exit code, for <c>return await host.RunWithExitCodeAsync();</c> at the end of <c>Program.cs</c>.</returns>
    public static async Task<int> RunWithExitCodeAsync(this IHost host, TextWriter? errors = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        errors ??= Console.Error;
        try
        {
            // Validated before the host starts, so a refused setting is not also logged by the host as a failed start.
            host.Services.GetService<IStartupValidator>()?.Validate();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException refused)
        {
            await WriteAsync(errors, refused.Failures).ConfigureAwait(false);
            return ConfigurationErrorExitCode;
        }
        catch (AggregateException refused) when (refused.InnerExceptions.All(static inner => inner is OptionsValidationException))
        {
            // Several options types refused at once (the host's start validator gathers them).
            await WriteAsync(errors, refused.InnerExceptions.Cast<OptionsValidationException>().SelectMany(static inner => inner.Failures)).ConfigureAwait(false);
            return ConfigurationErrorExitCode;
        }
        catch (Concurrency.BackendSelectionException refused)
        {
            await errors.WriteLineAsync($"Configuration error: {refused.Message}").ConfigureAwait(false);
            return ConfigurationErrorExitCode;
        }
    }

    private static async Task WriteAsync(TextWriter errors, IEnumerable<string> failures)
    {
        foreach (var failure in failures)
        {
            await errors.WriteLineAsync($"Configuration error: {failure}").ConfigureAwait(false);
        }
    }
}
