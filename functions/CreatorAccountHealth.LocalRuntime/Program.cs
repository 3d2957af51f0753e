using CreatorAccountHealth.LocalRuntime;

return await LocalRuntimeHost.RunAsync(args);
