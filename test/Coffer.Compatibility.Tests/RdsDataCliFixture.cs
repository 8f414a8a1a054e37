using System.Text.Json;
using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// One server for <see cref="RdsDataCliTests"/>: an encrypted and an unencrypted cluster, both with the Data API
/// enabled and a writer instance, a secret with their master credentials, and the results of running one script of
/// <c>aws rds-data</c> commands against each (run once, asserted by several tests).
/// </summary>
public sealed class RdsDataCliFixture : IAsyncLifetime
{
    public const string Password = "Passw0rd!";

    private readonly Lazy<Task<(List<string> Encrypted, List<string> Unencrypted)>> _scripts;

    public RdsDataCliFixture() => _scripts = new(() => RunScriptsAsync());

    public CofferTestServer Server { get; private set; } = null!;

    public AwsCli Aws { get; private set; } = null!;

    public string KeyArn { get; private set; } = null!;

    public string EncryptedArn { get; private set; } = null!;

    public string UnencryptedArn { get; private set; } = null!;

    public string SecretArn { get; private set; } = null!;

    /// <summary>The key of cluster <c>keyed</c>, which only the key-loss test disables.</summary>
    public string KeyedKeyArn { get; private set; } = null!;

    /// <summary>An encrypted cluster with its own key, for the key-loss test.</summary>
    public string KeyedArn { get; private set; } = null!;

    /// <summary>The outputs of <see cref="Script"/> on the encrypted and the unencrypted cluster.</summary>
    public Task<(List<string> Encrypted, List<string> Unencrypted)> ScriptOutputs => _scripts.Value;

    public async Task InitializeAsync()
    {
        Server = await CofferTestServer.StartAsync();
        Aws = new AwsCli(Server.AwsEnvironment);
        KeyArn = (await Aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
        var secret = Aws.RunJsonAsync("secretsmanager", "create-secret", "--name", "rds-data/master", "--secret-string", $$"""{"username":"admin","password":"{{Password}}"}""");
        var keyed = CreateKeyedClusterAsync();
        var clusters = await Task.WhenAll(
            CreateClusterAsync(Aws, "enc", "--storage-encrypted", "--kms-key-id", KeyArn),
            CreateClusterAsync(Aws, "plain"));
        (EncryptedArn, UnencryptedArn) = (clusters[0], clusters[1]);
        (KeyedKeyArn, KeyedArn) = await keyed;
        SecretArn = (await secret).GetProperty("ARN").GetString()!;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Creates a cluster with the Data API enabled and its writer instance, waits for it, and returns its ARN.</summary>
    public static async Task<string> CreateClusterAsync(AwsCli aws, string identifier, params string[] options)
    {
        var cluster = await aws.RunJsonAsync(["rds", "create-db-cluster", "--db-cluster-identifier", identifier, "--engine", "sqlite",
            "--master-username", "admin", "--master-user-password", Password, "--enable-http-endpoint", .. options]);
        await OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", identifier);
        await OkAsync(aws, "rds", "create-db-instance", "--db-instance-identifier", identifier + "-1", "--db-cluster-identifier", identifier,
            "--engine", "sqlite", "--db-instance-class", "db.r5.large");
        return cluster.GetProperty("DBCluster").GetProperty("DBClusterArn").GetString()!;
    }

    private async Task<(string Key, string Cluster)> CreateKeyedClusterAsync()
    {
        var key = (await Aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
        return (key, await CreateClusterAsync(Aws, "keyed", "--storage-encrypted", "--kms-key-id", key));
    }

    /// <summary>The <c>aws rds-data</c> subcommand with the cluster and secret ARNs and <paramref name="arguments"/>.</summary>
    public Task<ProcessResult> DataAsync(string clusterArn, string command, params string[] arguments) =>
        Aws.RunAsync(["rds-data", command, "--resource-arn", clusterArn, "--secret-arn", SecretArn, .. arguments]);

    /// <summary>Runs <c>aws rds-data execute-statement</c>, asserts success and parses its output.</summary>
    public async Task<JsonElement> ExecuteAsync(string clusterArn, string sql, params string[] arguments)
    {
        var result = await DataAsync(clusterArn, "execute-statement", ["--sql", sql, .. arguments]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }

    public static async Task OkAsync(AwsCli aws, params string[] arguments)
    {
        var result = await aws.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>
    /// The script both clusters run: create a table, insert every Field type with typeHints, batch insert, commit one
    /// transaction and roll back another, and select everything back with metadata and as JSON. Returns every command's
    /// standard output, except BeginTransaction's (its id is random).
    /// </summary>
    public async Task<List<string>> Script(string clusterArn)
    {
        var outputs = new List<string>();
        async Task<string> Step(string command, params string[] arguments)
        {
            var result = await DataAsync(clusterArn, command, arguments);
            Assert.True(result.ExitCode == 0, result.ToString());
            return result.StandardOutput;
        }

        outputs.Add(await Step("execute-statement", "--sql", "CREATE TABLE fields (id INTEGER PRIMARY KEY, b BOOLEAN, l BIGINT, d DOUBLE, s TEXT NOT NULL, bl BLOB, n TEXT, dt DATE, tm TIME, ts TIMESTAMP, dec DECIMAL(10,2), u UUID, j JSON)"));
        outputs.Add(await Step("execute-statement",
            "--sql", "INSERT INTO fields (b, l, d, s, bl, n, dt, tm, ts, dec, u, j) VALUES (:b, :l, :d, :s, :bl, :n, :dt, :tm, :ts, :dec, :u, :j)",
            "--parameters", """
                [{"name":"b","value":{"booleanValue":true}},
                 {"name":"l","value":{"longValue":9007199254740993}},
                 {"name":"d","value":{"doubleValue":2.5}},
                 {"name":"s","value":{"stringValue":"héllo ✓"}},
                 {"name":"bl","value":{"blobValue":"blob-bytes"}},
                 {"name":"n","value":{"isNull":true}},
                 {"name":"dt","value":{"stringValue":"2026-11-27"},"typeHint":"DATE"},
                 {"name":"tm","value":{"stringValue":"12:34:56"},"typeHint":"TIME"},
                 {"name":"ts","value":{"stringValue":"2026-11-27 12:34:56.789"},"typeHint":"TIMESTAMP"},
                 {"name":"dec","value":{"stringValue":"12345.67"},"typeHint":"DECIMAL"},
                 {"name":"u","value":{"stringValue":"0F8FAD5B-D9CB-469F-A165-70867728950E"},"typeHint":"UUID"},
                 {"name":"j","value":{"stringValue":"{\"a\": [1, 2]}"},"typeHint":"JSON"}]
                """));
        outputs.Add(await Step("batch-execute-statement", "--sql", "INSERT INTO fields (s, l) VALUES (:s, :l)", "--parameter-sets", """
            [[{"name":"s","value":{"stringValue":"batch 1"}},{"name":"l","value":{"longValue":1}}],
             [{"name":"s","value":{"stringValue":"batch 2"}},{"name":"l","value":{"longValue":2}}],
             [{"name":"s","value":{"stringValue":"batch 3"}},{"name":"l","value":{"longValue":3}}]]
            """));
        foreach (var (row, end) in new[] { ("committed", "commit-transaction"), ("rolled back", "rollback-transaction") })
        {
            var begun = JsonDocument.Parse(await Step("begin-transaction")).RootElement.GetProperty("transactionId").GetString()!;
            outputs.Add(await Step("execute-statement", "--transaction-id", begun, "--sql", "INSERT INTO fields (s) VALUES (:s)", "--parameters", $$$"""[{"name":"s","value":{"stringValue":"{{{row}}}"}}]"""));
            outputs.Add(await Step(end, "--transaction-id", begun));
        }

        outputs.Add(await Step("execute-statement", "--sql", "SELECT * FROM fields ORDER BY id", "--include-result-metadata"));
        outputs.Add(await Step("execute-statement", "--sql", "SELECT id, b, l, d, s, n, dec, count(*) OVER () AS total FROM fields ORDER BY id", "--format-records-as", "JSON"));
        return outputs;
    }

    private async Task<(List<string>, List<string>)> RunScriptsAsync()
    {
        var both = await Task.WhenAll(Script(EncryptedArn), Script(UnencryptedArn));
        return (both[0], both[1]);
    }
}
