using Coffer.LoadTool;

if (args is ["sqlite", ..])
{
    return SqliteBaseline.Run(args[1..]);
}

var options = LoadOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var credentials = options.AccessKey is not null
    ? (options.AccessKey, options.SecretKey!)
    : SharedCredentials.Read(options.CredentialsFile, options.Profile);
if (credentials is not { } found)
{
    Console.Error.WriteLine("No credentials: pass --access-key and --secret-key, or a --credentials-file with the --profile.");
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

using var client = new KmsClient(options.Endpoint, options.Region, found.Item1, found.Item2, options.Concurrency, TimeProvider.System);
var runner = new LoadRunner(client, options);
var body = await runner.PrepareAsync(cancellation.Token);
if (options.Warmup > 0)
{
    await runner.RunAsync(body, options.Warmup, cancellation.Token);
}

var result = await runner.RunAsync(body, options.Requests, cancellation.Token);
Console.WriteLine(result.Format());
return result.ErrorCount == 0 ? 0 : 1;
