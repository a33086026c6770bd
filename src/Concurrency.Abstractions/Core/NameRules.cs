using System.Globalization;
using System.Text;

namespace Concurrency.Core;

/// <summary>The two rules names follow, kept in one place: display names and pool names, and how a refused one is shown.</summary>
internal static class NameRules
{
    /// <summary>The longest name accepted; names go into every log line, thread name and metric tag.</summary>
    public const int MaxLength = 256;

    /// <summary>What a display name must be, for messages.</summary>
    public static readonly string DisplayNameRule =
        $"text of at most {MaxLength} characters with at least one visible character, and no control characters or line or paragraph separators (U+2028, U+2029)";

    /// <summary>What a pool name must be, for messages.</summary>
    public static readonly string PoolNameRule = $"at most {MaxLength} lowercase letters, digits, dashes and underscores";

    /// <summary>
    /// Executor, loop, pool and process names shown to people: at most <see cref="MaxLength"/> characters, at least one
    /// visible (not white space, not an invisible format character such as a zero-width space or a byte-order mark), and
    /// nothing that breaks a log line (control characters, U+2028, U+2029).
    /// </summary>
    public static bool IsDisplayName(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        bool visible = false;
        foreach (char c in value)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return false;
            }

            visible |= !char.IsWhiteSpace(c) && category != UnicodeCategory.Format;
        }

        return visible;
    }

    /// <summary>Pool names, which also appear in configuration keys: lowercase letters, digits, dashes and underscores.</summary>
    public static bool IsPoolName(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    /// <summary>A refused name as a message shows it: invisible characters escaped, a long one cut with its length given.</summary>
    public static string Show(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        const int shown = 64;
        var text = new StringBuilder("'");
        foreach (char c in value.Length > shown ? value[..shown] : value)
        {
            var category = char.GetUnicodeCategory(c);
            bool invisible = category is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format;
            text.Append(invisible ? $"\\u{(int)c:X4}" : c.ToString());
        }

        text.Append('\'');
        return value.Length > shown ? text.Append(CultureInfo.InvariantCulture, $"... ({value.Length} characters)").ToString() : text.ToString();
    }
}
