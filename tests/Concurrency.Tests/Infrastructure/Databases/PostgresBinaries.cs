namespace Concurrency.Tests.Infrastructure.Databases;

/// <summary>Finds the machine's PostgreSQL server programs; a missing server fails the tests, never skips them.</summary>
internal static class PostgresBinaries
{
    public const string OverrideVariable = "CONCURRENCY_PG_BIN";

    public static string FindDirectory()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(version => int.TryParse(Path.GetFileName(version), out var major) ? major : 0)
                .Select(version => Path.Combine(version, "bin")));
        }

        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            ?? throw new InvalidOperationException(
                $"PostgreSQL server programs (initdb, pg_ctl) were not found on PATH, in /usr/lib/postgresql/*/bin or in ${OverrideVariable}. " +
                "Install them (Debian: apt-get install postgresql); test.sh, the README's test command, does this on a clean machine.");
    }
}
