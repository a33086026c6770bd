using Microsoft.Extensions.Options;

namespace Concurrency.RabbitMQ;

/// <summary>Checks the <c>RabbitMQ</c> section when the host starts, so a bad value is refused naming its key before anything connects.</summary>
internal sealed class RabbitMqOptionsValidator : IValidateOptions<RabbitMqOptions>
{
    public ValidateOptionsResult Validate(string? name, RabbitMqOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException refused)
        {
            // The options' own check words each refusal with its key; without the parameter suffix ArgumentException adds.
            return ValidateOptionsResult.Fail(refused.Message[..(refused.Message.IndexOf(" (Parameter", StringComparison.Ordinal) is var end and >= 0 ? end : refused.Message.Length)]);
        }
    }
}
