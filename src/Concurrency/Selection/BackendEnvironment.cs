namespace Concurrency;

/// <summary>Reads <c>DISABLE_COOPERATIVE_MODE</c>. Values it does not understand are errors, never a silent default.</summary>
internal static class BackendEnvironment
{
    public const string Variable = "DISABLE_COOPERATIVE_MODE";

    private static readonly string[] s_threaded = ["true", "1", "yes", "on"];
    private static readonly string[] s_cooperative = ["false", "0", "no", "off"];

    public static string Parse(string? value)
    {
        string trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length == 0 || s_cooperative.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
        {
            return ConcurrencyBackend.Cooperative;
        }

        if (s_threaded.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
        {
            return ConcurrencyBackend.Threaded;
        }

        throw new BackendSelectionException(
            $"Environment variable {Variable} has the value '{value}', which is not accepted. Accepted values, in any case: 'true', '1', 'yes' or 'on' select the threaded backend; 'false', '0', 'no', 'off', empty or unset select the cooperative backend.");
    }
}
