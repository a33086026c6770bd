namespace Concurrency.Core;

/// <summary>The two rules names follow, kept in one place: display names and pool names.</summary>
internal static class NameRules
{
    /// <summary>Executor, pool and process names shown to people: at least one visible character, no control characters.</summary>
    public static bool IsDisplayName(string? value) => !string.IsNullOrWhiteSpace(value) && !value.Any(char.IsControl);

    /// <summary>Pool names, which also appear in configuration keys: lowercase letters, digits, dashes and underscores.</summary>
    public static bool IsPoolName(string? value) =>
        !string.IsNullOrEmpty(value) && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');
}
