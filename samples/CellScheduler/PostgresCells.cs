using Concurrency;
using Npgsql;
using Concurrency.Cells;

namespace CellScheduler;

/// <summary>Server cells: each connection string is one cell database, given a host_states table and hosts if it has none.</summary>
internal static class PostgresCells
{
    /// <summary>
    /// Makes a cell of each server; one that cannot be seeded (its server is down, say) is reported on
    /// <paramref name="errors"/> and gathered all the same, so the gather shows it failed or did not respond.
    /// </summary>
    public static async Task<IReadOnlyList<CellDatabase>> PrepareAsync(IReadOnlyList<string> connectionStrings, int hostsPerCell, int firstNumber, TextWriter errors)
    {
        var cells = new List<CellDatabase>();
        for (var i = 0; i < connectionStrings.Count; i++)
        {
            NpgsqlConnectionStringBuilder settings;
            try
            {
                settings = new NpgsqlConnectionStringBuilder(connectionStrings[i]);
            }
            catch (ArgumentException error)
            {
                throw new UsageException($"--postgres '{connectionStrings[i]}' is not accepted: {error.Message}");
            }

            var where = $"{settings.Host}:{settings.Port}/{settings.Database}";
            var dataSource = NpgsqlDataSource.Create(settings);
            var cell = new CellDatabase(new Cell($"pg:{where}", $"pg-{settings.Database}", dataSource), CellKind.Postgres, where);
            try
            {
                await SeedAsync(dataSource, cell.Cell.Name, firstNumber + i, hostsPerCell);
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException)
            {
                await errors.WriteLineAsync($"warning: PostgreSQL cell {cell.Cell.Name} ({where}) could not be seeded, it is gathered as it is: {error.Message}");
            }

            cells.Add(cell);
        }

        return cells;
    }

    private static async Task SeedAsync(NpgsqlDataSource dataSource, string cell, int number, int hosts)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand(HostState.CreateTable, connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM host_states", connection);
        if ((long)(await count.ExecuteScalarAsync())! > 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection);
        for (var index = 0; index < hosts; index++)
        {
            var host = HostState.Generate(cell, number, index);
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"INSERT INTO host_states ({HostState.Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            {
                Parameters =
                {
                    new() { Value = host.Host }, new() { Value = host.VcpusTotal }, new() { Value = host.VcpusUsed },
                    new() { Value = host.MemoryMbTotal }, new() { Value = host.MemoryMbFree }, new() { Value = host.DiskGbFree },
                    new() { Value = host.RunningVms },
                },
            });
        }

        if (hosts > 0)
        {
            await batch.ExecuteNonQueryAsync();
        }
    }
}
