namespace CellScheduler;

/// <summary>A command-line mistake: printed on one line with the usage, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
