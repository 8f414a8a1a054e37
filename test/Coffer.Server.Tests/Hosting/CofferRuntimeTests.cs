using System.Security.Cryptography;
using System.Text;
using Coffer.Server.Hosting;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;

namespace Coffer.Server.Tests.Hosting;

/// <summary>The opened data directory: the root key check, and what lands on disk.</summary>
public sealed class CofferRuntimeTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Start_WithDifferentRootKey_ThrowsNamingTheRootKey()
    {
        using var directory = new TestDirectory();
        var dataDirectory = Path.Combine(directory.Path, "data");
        await using (await CofferTestServer.StartAsync(dataDirectory: dataDirectory))
        {
        }

        var rootKeyPath = Path.Combine(dataDirectory, "root.key");
        var original = await File.ReadAllBytesAsync(rootKeyPath);
        await File.WriteAllBytesAsync(rootKeyPath, RandomNumberGenerator.GetBytes(32));
        Assert.NotEqual(original, await File.ReadAllBytesAsync(rootKeyPath));

        var error = await Assert.ThrowsAsync<CofferStartupException>(() => CofferTestServer.StartAsync(dataDirectory: dataDirectory));

        Assert.StartsWith($"The root key in {rootKeyPath} is not the one the data directory {dataDirectory} was created with", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithRootKeyDeleted_ThrowsAndDoesNotCreateANewKey()
    {
        using var directory = new TestDirectory();
        var dataDirectory = Path.Combine(directory.Path, "data");
        await using (await CofferTestServer.StartAsync(dataDirectory: dataDirectory))
        {
        }

        var rootKeyPath = Path.Combine(dataDirectory, "root.key");
        File.Delete(rootKeyPath);

        var error = await Assert.ThrowsAsync<CofferStartupException>(() => CofferTestServer.StartAsync(dataDirectory: dataDirectory));

        Assert.StartsWith($"The root key file {rootKeyPath} does not exist, but the data directory {dataDirectory} was created with a root key.", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(rootKeyPath), "A missing root key must not be silently replaced by a new one.");
    }

    [Fact]
    public async Task Start_WithSameRootKey_AcceptsTheSameCredentials()
    {
        using var directory = new TestDirectory();
        var dataDirectory = Path.Combine(directory.Path, "data");
        string accessKeyId;
        await using (var first = await CofferTestServer.StartAsync(dataDirectory: dataDirectory))
        {
            accessKeyId = first.AccessKeyId;
        }

        await using var server = await CofferTestServer.StartAsync(dataDirectory: dataDirectory);

        using var response = await server.Client.SendAsync(await server.Signer().QueryAsync("sts", ShapedRequests.GetCallerIdentityForm));

        Assert.Equal(accessKeyId, server.AccessKeyId);
        await CallerIdentityResponse.ReadAsync(response);
    }

    [Fact]
    public async Task DataDirectory_AfterAccountsAreCreated_HoldsNoSecretOutsideTheCredentialsFile()
    {
        using var directory = new TestDirectory();
        var dataDirectory = Path.Combine(directory.Path, "data");
        IReadOnlyList<string> secrets;
        await using (var server = await CofferTestServer.StartAsync(dataDirectory: dataDirectory))
        {
            var created = await CofferCommand.RunAsync("accounts", "create", "team-b", "--data-dir", dataDirectory);
            Assert.True(created.ExitCode == 0, created.ToString());
            secrets = CredentialsFile.Secrets(server.CredentialsFile);
            Assert.Equal(2, secrets.Count);
            Assert.Contains(server.SecretAccessKey, secrets);

            // While the server runs: the database, its WAL and shared memory.
            AssertNoSecretsOutsideCredentials(dataDirectory, secrets);
        }

        // After shutdown, when SQLite has checkpointed the WAL into the database.
        AssertNoSecretsOutsideCredentials(dataDirectory, secrets);
    }

    [Fact]
    public async Task DataDirectory_PrivateFiles_AreOwnerOnly()
    {
        Assert.False(OperatingSystem.IsWindows(), "These tests run on Linux, where Coffer sets Unix file modes.");
        await using var server = await CofferTestServer.StartAsync();

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(server.CredentialsFile));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(server.ConfigFile));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(server.DataDirectory, "metadata", "data.db")));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(server.DataDirectory, "root.key")));
        foreach (var sqliteFile in new[] { "data.db-wal", "data.db-shm", "volume.json" }.Select(f => Path.Combine(server.DataDirectory, "metadata", f)).Where(File.Exists))
        {
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(sqliteFile));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(server.DataDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(server.CredentialsFile)!));
    }

    [Fact]
    public async Task CredentialsFile_AfterAccountsCommandRewritesIt_StaysOwnerOnly()
    {
        await using var server = await CofferTestServer.StartAsync();

        var created = await CofferCommand.RunAsync("accounts", "create", "team-b", "--data-dir", server.DataDirectory);

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(server.CredentialsFile));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(server.ConfigFile));
    }

    private static void AssertNoSecretsOutsideCredentials(string dataDirectory, IReadOnlyList<string> secrets)
    {
        var credentials = Path.GetFullPath(CliProfileFiles.CredentialsPath(dataDirectory));
        var files = Directory.GetFiles(dataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFullPath(f) != credentials)
            .ToList();
        Assert.Contains(files, f => Path.GetFileName(f) == "data.db");
        foreach (var file in files)
        {
            byte[] content;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                content = copy.ToArray();
            }

            foreach (var secret in secrets)
            {
                Assert.True(content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{file} holds a secret access key in clear.");
            }
        }
    }
}
