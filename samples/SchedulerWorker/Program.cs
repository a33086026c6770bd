using SchedulerWorker;

// "worker" (the default) runs one worker process; "demo" starts a private broker, worker processes and a client.
return args is ["demo", .. var rest]
    ? await Demo.RunAsync(rest, Console.Out)
    : await WorkerHost.RunAsync(args is ["worker", .. var settings] ? settings : args);
