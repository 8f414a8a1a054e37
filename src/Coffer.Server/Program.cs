using Coffer.Server.Cli;

return await CofferCommands.InvokeAsync(args);
