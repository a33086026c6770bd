// The main job: creates SQLite cell databases (and optionally PostgreSQL server cells), gathers every cell's host
// states with one scatter-gather call on the selected backend, and prints the hosts, the time and the pool statistics.
return await CellScheduler.SchedulerApp.RunAsync(args, Console.Out, Console.Error);
