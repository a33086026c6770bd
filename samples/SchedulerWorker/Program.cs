using SchedulerWorker;

// "worker" (the default) runs one worker process; "demo" starts a private broker, worker processes and a client.
return await WorkerApp.RunAsync(args, Console.Out, Console.Error);
