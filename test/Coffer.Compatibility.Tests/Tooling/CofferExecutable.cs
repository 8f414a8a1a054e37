using System.Net;
using System.Net.Sockets;

namespace Coffer.Compatibility.Tests.Tooling;

/// <summary>
/// The built <c>coffer</c> executable (<c>coffer.dll</c>, run with <c>dotnet</c>) as a separate process, the way the
/// README's commands run it.
/// </summary>
public static class CofferExecutable
{
    private static readonly Lazy<string> Dotnet = new(FindDotnet);
    private static readonly Lazy<string> Assembly = new(FindAssembly);

    /// <summary>Runs <c>dotnet coffer.dll</c> with <paramref name="arguments"/> to completion.</summary>
    public static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ExternalProcess.RunAsync(Dotnet.Value, [Assembly.Value, .. arguments]);

    /// <summary>Starts <c>dotnet coffer.dll</c> with <paramref name="arguments"/>: the caller reads and ends it.</summary>
    public static System.Diagnostics.Process Start(params string[] arguments)
    {
        var info = ExternalProcess.CreateStartInfo(Dotnet.Value, [Assembly.Value, .. arguments], null);
        return System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException($"Could not start {ExternalProcess.Describe(info)}.");
    }

    /// <summary>A loopback port that was free a moment ago (bound to port 0, then released).</summary>
    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static string FindDotnet()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath : null,
            ToolEnvironment.FindOnPath("dotnet"),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Cannot find the 'dotnet' host to run coffer.dll: put it on PATH or set DOTNET_HOST_PATH.");
    }

    private static string FindAssembly()
    {
        // The test project references the server through the TestKit, so the build copies coffer.dll (with its
        // runtimeconfig and deps files) next to the tests; a plain build of the server puts it under artifacts/.
        var local = Path.Combine(AppContext.BaseDirectory, "coffer.dll");
        if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, "coffer.runtimeconfig.json")))
        {
            return local;
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var built = Path.Combine(folder.FullName, "artifacts", "bin", "Coffer.Server", "debug", "coffer.dll");
            if (File.Exists(built))
            {
                return built;
            }
        }

        throw new InvalidOperationException($"Cannot find coffer.dll next to the tests ({AppContext.BaseDirectory}) or under artifacts/bin/Coffer.Server/debug: build src/Coffer.Server first.");
    }
}
