using System.Globalization;

namespace CellScheduler;

/// <summary>The command line, checked: every bad value is a <see cref="UsageException"/> naming it and what is accepted.</summary>
internal sealed record SchedulerOptions
{
    public const string Usage =
        """
        usage: CellScheduler [options]
          --cells N          SQLite cell databases to create (1-1000, default 8; cell0 is created too and skipped)
          --hosts N          compute hosts per cell (0-10000, default 5)
          --latency MS       simulated time each cell's query takes, in milliseconds (0-600000, default 20)
          --timeout SECONDS  one total timeout for the gather (above 0, up to 86400, default 30)
          --backend NAME     cooperative or threaded (default: from DISABLE_COOPERATIVE_MODE)
          --workers N        scatter-gather pool size (1-32767, default: threaded 256, cooperative 1000)
          --offload          on the cooperative backend, run the SQLite queries on the loop's offload threads
          --postgres CONN    add a PostgreSQL server cell (an Npgsql connection string); repeatable
          --compare          run the same gather cooperative, cooperative with offload, and threaded; print one table
          --help             print this text
        """;

    public int Cells { get; init; } = 8;

    public int Hosts { get; init; } = 5;

    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public string? Backend { get; init; }

    public int? Workers { get; init; }

    public bool Offload { get; init; }

    public IReadOnlyList<string> Postgres { get; init; } = [];

    public bool Compare { get; init; }

    public bool Help { get; init; }

    public static SchedulerOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SchedulerOptions();
        var postgres = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"option {name} needs a value");
            options = name switch
            {
                "--cells" => options with { Cells = Integer(name, Value(), 1, 1000) },
                "--hosts" => options with { Hosts = Integer(name, Value(), 0, 10_000) },
                "--latency" => options with { Latency = TimeSpan.FromMilliseconds(Integer(name, Value(), 0, 600_000)) },
                "--timeout" => options with { Timeout = Seconds(name, Value()) },
                "--backend" => options with { Backend = BackendName(Value()) },
                "--workers" => options with { Workers = Integer(name, Value(), 1, 32_767) },
                "--offload" => options with { Offload = true },
                "--postgres" => options with { Postgres = [.. postgres.Append(Value())] },
                "--compare" => options with { Compare = true },
                "--help" or "-h" => options with { Help = true },
                _ => throw new UsageException($"unknown option '{name}'"),
            };
            if (name == "--postgres")
            {
                postgres = [.. options.Postgres];
            }
        }

        return options;
    }

    private static int Integer(string option, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{option} '{text}' is not accepted: use a whole number from {min} to {max}");

    private static TimeSpan Seconds(string option, string text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= 86_400
            ? TimeSpan.FromSeconds(value)
            : throw new UsageException($"{option} '{text}' is not accepted: use a number of seconds above 0 and up to 86400");

    private static string BackendName(string text) =>
        text is Concurrency.ConcurrencyBackend.Cooperative or Concurrency.ConcurrencyBackend.Threaded
            ? text
            : throw new UsageException($"--backend '{text}' is not accepted: use cooperative or threaded");
}
