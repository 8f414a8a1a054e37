using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// The seed's promise with the real <c>aws rds-data</c> CLI: client code does not change for an encrypted cluster —
/// the same commands give the same output — and only the key's state decides whether data comes back.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RdsDataCliTests(RdsDataCliFixture fixture) : IClassFixture<RdsDataCliFixture>
{
    private const string Recoverable = "inaccessible-encryption-credentials-recoverable";

    [Fact]
    public async Task Script_OnTheEncryptedCluster_InsertsEveryFieldType_AndSelectsItBackWithMetadataAndAsJson()
    {
        var outputs = (await fixture.ScriptOutputs).Encrypted;
        var inserted = Parse(outputs[1]);
        var batch = Parse(outputs[2]);
        var selected = Parse(outputs[7]);
        var json = JsonDocument.Parse(Parse(outputs[8]).GetProperty("formattedRecords").GetString()!).RootElement;

        Assert.Equal(1, inserted.GetProperty("numberOfRecordsUpdated").GetInt64());
        Assert.Equal("""[{"longValue":1}]""", Compact(inserted.GetProperty("generatedFields")));
        Assert.Equal("""[{"generatedFields":[{"longValue":2}]},{"generatedFields":[{"longValue":3}]},{"generatedFields":[{"longValue":4}]}]""", Compact(batch.GetProperty("updateResults")));
        Assert.Equal("Transaction Committed", Parse(outputs[4]).GetProperty("transactionStatus").GetString());
        Assert.Equal("Rollback Complete", Parse(outputs[6]).GetProperty("transactionStatus").GetString());

        var records = selected.GetProperty("records");
        Assert.Equal(5, records.GetArrayLength());
        var first = records[0];
        Assert.Equal(
            """[{"longValue":1},{"booleanValue":true},{"longValue":9007199254740993},{"doubleValue":2.5},{"stringValue":"héllo ✓"},""" +
            $$"""{"blobValue":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes("blob-bytes"))}}"},{"isNull":true},{"stringValue":"2026-11-27"},{"stringValue":"12:34:56"},""" +
            """{"stringValue":"2026-11-27 12:34:56.789"},{"stringValue":"12345.67"},{"stringValue":"0f8fad5b-d9cb-469f-a165-70867728950e"},{"stringValue":"{\"a\": [1, 2]}"}]""",
            Compact(first));
        Assert.Equal(["héllo ✓", "batch 1", "batch 2", "batch 3", "committed"], records.EnumerateArray().Select(r => r[4].GetProperty("stringValue").GetString()));

        var columns = selected.GetProperty("columnMetadata").EnumerateArray().ToList();
        Assert.Equal(["id", "b", "l", "d", "s", "bl", "n", "dt", "tm", "ts", "dec", "u", "j"], columns.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal([4, 16, -5, 8, 12, 2004, 12, 91, 92, 93, 3, 1111, 1111], columns.Select(c => c.GetProperty("type").GetInt32()));
        Assert.Equal(["INTEGER", "BOOLEAN", "BIGINT", "DOUBLE", "TEXT", "BLOB", "TEXT", "DATE", "TIME", "TIMESTAMP", "DECIMAL(10,2)", "UUID", "JSON"], columns.Select(c => c.GetProperty("typeName").GetString()));
        Assert.Equal([0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1], columns.Select(c => c.GetProperty("nullable").GetInt32()));
        Assert.Equal([true, false, false, false, false, false, false, false, false, false, false, false, false], columns.Select(c => c.GetProperty("isAutoIncrement").GetBoolean()));
        Assert.All(columns, c => Assert.Equal(("fields", "main"), (c.GetProperty("tableName").GetString(), c.GetProperty("schemaName").GetString())));
        Assert.Equal((10, 2), (columns[10].GetProperty("precision").GetInt32(), columns[10].GetProperty("scale").GetInt32()));

        Assert.False(Parse(outputs[8]).TryGetProperty("records", out _));
        Assert.Equal(JsonValueKind.Array, json.ValueKind);
        Assert.Equal(
            """{"id":1,"b":true,"l":9007199254740993,"d":2.5,"s":"héllo ✓","n":null,"dec":"12345.67","total":5}""",
            Compact(json[0]));
        Assert.Equal(["héllo ✓", "batch 1", "batch 2", "batch 3", "committed"], json.EnumerateArray().Select(r => r.GetProperty("s").GetString()));
    }

    [Fact]
    public async Task Script_GivesIdenticalOutputs_OnAnEncryptedAndAnUnencryptedCluster()
    {
        var (encrypted, unencrypted) = await fixture.ScriptOutputs;

        Assert.Equal(9, encrypted.Count);
        for (var i = 0; i < encrypted.Count; i++)
        {
            Assert.Equal(Compact(Parse(encrypted[i])), Compact(Parse(unencrypted[i])));
        }
    }

    [Fact]
    public async Task DisableKey_RefusesStatementsWithNoData_RollsBackTheOpenTransaction_AndEnableThenStartBringsTheRowsBack()
    {
        var aws = fixture.Aws;
        var (key, arn) = (fixture.KeyedKeyArn, fixture.KeyedArn);
        await fixture.ExecuteAsync(arn, "CREATE TABLE t (v TEXT)");
        await fixture.ExecuteAsync(arn, "INSERT INTO t (v) VALUES ('before 1'), ('before 2')");
        var transaction = Parse((await fixture.DataAsync(arn, "begin-transaction")).StandardOutput).GetProperty("transactionId").GetString()!;
        await fixture.ExecuteAsync(arn, "INSERT INTO t (v) VALUES ('in flight')", "--transaction-id", transaction);

        await RdsDataCliFixture.OkAsync(aws, "kms", "disable-key", "--key-id", key);
        var lost = await StatusWithinAsync(aws, "keyed", Recoverable, TimeSpan.FromSeconds(5));
        var refused = await fixture.DataAsync(arn, "execute-statement", "--sql", "SELECT v FROM t");
        var refusedWrite = await fixture.DataAsync(arn, "execute-statement", "--sql", "INSERT INTO t (v) VALUES ('while lost')");
        var commit = await fixture.DataAsync(arn, "commit-transaction", "--transaction-id", transaction);
        await RdsDataCliFixture.OkAsync(aws, "kms", "enable-key", "--key-id", key);
        await RdsDataCliFixture.OkAsync(aws, "rds", "start-db-cluster", "--db-cluster-identifier", "keyed");
        await RdsDataCliFixture.OkAsync(aws, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "keyed");
        var back = await fixture.ExecuteAsync(arn, "SELECT v FROM t ORDER BY v");

        Assert.Equal(Recoverable, lost);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(InvalidResourceStateException)", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.StandardOutput.Trim());
        Assert.DoesNotContain("before", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("(InvalidResourceStateException)", refusedWrite.StandardError, StringComparison.Ordinal);
        Assert.Contains("(TransactionNotFoundException)", commit.StandardError, StringComparison.Ordinal);
        Assert.Contains("closed its volume", commit.StandardError, StringComparison.Ordinal);
        Assert.Equal(["before 1", "before 2"], back.GetProperty("records").EnumerateArray().Select(r => r[0].GetProperty("stringValue").GetString()));
    }

    [Fact]
    public async Task Errors_ComeBackWithTheDataApisCodes()
    {
        var aws = fixture.Aws;
        var plain = fixture.UnencryptedArn;
        var setup = await Task.WhenAll(
            aws.RunJsonAsync("rds", "create-db-cluster", "--db-cluster-identifier", "no-endpoint", "--engine", "sqlite", "--master-username", "admin", "--master-user-password", RdsDataCliFixture.Password),
            aws.RunJsonAsync("secretsmanager", "create-secret", "--name", "rds-data/wrong", "--secret-string", """{"username":"admin","password":"not-the-password"}"""),
            fixture.ExecuteAsync(plain, "CREATE TABLE errors (v TEXT)"));
        var closed = setup[0].GetProperty("DBCluster").GetProperty("DBClusterArn").GetString()!;
        var wrongSecret = setup[1].GetProperty("ARN").GetString()!;

        var calls = await Task.WhenAll(
            fixture.DataAsync(closed, "execute-statement", "--sql", "SELECT 1"),
            aws.RunAsync("rds-data", "execute-statement", "--resource-arn", plain, "--secret-arn", wrongSecret, "--sql", "SELECT 1"),
            fixture.DataAsync(plain, "execute-statement", "--sql", "SELEC v FROM errors"),
            fixture.DataAsync(plain, "execute-statement", "--sql", "ATTACH DATABASE '/tmp/escape.db' AS outside"),
            fixture.DataAsync(plain, "execute-statement", "--sql", "SELECT v FROM errors WHERE v = :v", "--parameters",
                """[{"name":"v","value":{"stringValue":"x"}},{"name":"extra","value":{"longValue":1}}]"""),
            fixture.DataAsync(plain, "commit-transaction", "--transaction-id", "bm8tc3VjaC10cmFuc2FjdGlvbg=="),
            aws.RunAsync("rds-data", "execute-statement", "--resource-arn", plain.Replace($":{AccountOf(plain)}:", ":999999999999:", StringComparison.Ordinal),
                "--secret-arn", fixture.SecretArn, "--sql", "SELECT 1"));
        var (endpoint, password, badSql, attach, unknownParameter, unknownTransaction, otherAccount) = (calls[0], calls[1], calls[2], calls[3], calls[4], calls[5], calls[6]);

        AssertError(endpoint, "HttpEndpointNotEnabledException", "HttpEndpoint is not enabled for cluster no-endpoint");
        AssertError(password, "BadRequestException", "Access denied for user 'admin'");
        Assert.DoesNotContain("not-the-password", password.StandardError, StringComparison.Ordinal);
        AssertError(badSql, "DatabaseErrorException", "near \"SELEC\": syntax error");
        AssertError(attach, "BadRequestException", "ATTACH and DETACH are not allowed");
        AssertError(unknownParameter, "BadRequestException", "The parameter 'extra' is not used by the SQL statement.");
        AssertError(unknownTransaction, "TransactionNotFoundException", "is not found");
        AssertError(otherAccount, "NotFoundException", "is not found");
        Assert.False(File.Exists("/tmp/escape.db"));
    }

    [Fact]
    public async Task RowValuesAndSqlText_AppearInNoFileOfTheDataDirectoryAndNoLineOfTheServerOutput()
    {
        const string Marker = "RDS-DATA-CLI-MARKER-5e2b";
        using var directory = new TestDirectory();
        var dataDirectory = Path.Combine(directory.Path, "data");
        var url = $"http://127.0.0.1:{CofferExecutable.FreeLoopbackPort()}";
        string output;
        await using (var server = CofferServerProcess.Start("--data-dir", dataDirectory, "--urls", url))
        {
            var aws = new AwsCli(await server.ReadExportsAsync(TimeSpan.FromSeconds(60)));
            var setup = await Task.WhenAll(
                aws.RunJsonAsync("kms", "create-key"),
                aws.RunJsonAsync("secretsmanager", "create-secret", "--name", "scan", "--secret-string", $$"""{"username":"admin","password":"{{RdsDataCliFixture.Password}}"}"""));
            var key = setup[0].GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
            var secret = setup[1].GetProperty("ARN").GetString()!;
            var arn = await RdsDataCliFixture.CreateClusterAsync(aws, "scan", "--storage-encrypted", "--kms-key-id", key);
            Task<ProcessResult> Data(string command, params string[] arguments) => aws.RunAsync(["rds-data", command, "--resource-arn", arn, "--secret-arn", secret, .. arguments]);

            var steps = new List<ProcessResult>
            {
                await Data("execute-statement", "--sql", "CREATE TABLE leak (v TEXT)"),
                await Data("execute-statement", "--sql", $"INSERT INTO leak (v) VALUES ('{Marker}-sql-text')"),
                await Data("execute-statement", "--sql", "INSERT INTO leak (v) VALUES (:v)", "--parameters", $$$"""[{"name":"v","value":{"stringValue":"{{{Marker}}}-parameter"}}]"""),
                await Data("batch-execute-statement", "--sql", "INSERT INTO leak (v) VALUES (:v)", "--parameter-sets", $$$"""[[{"name":"v","value":{"stringValue":"{{{Marker}}}-batch"}}]]"""),
            };
            var transaction = Parse((await Data("begin-transaction")).StandardOutput).GetProperty("transactionId").GetString()!;
            steps.Add(await Data("execute-statement", "--transaction-id", transaction, "--sql", $"INSERT INTO leak (v) VALUES ('{Marker}-in-transaction')"));
            steps.Add(await Data("commit-transaction", "--transaction-id", transaction));
            var read = await Data("execute-statement", "--sql", $"SELECT v FROM leak WHERE v LIKE '{Marker}%' ORDER BY v", "--format-records-as", "JSON");
            var failed = await Data("execute-statement", "--sql", $"SELECT nope FROM leak WHERE v = '{Marker}-failing'");
            var hinted = await Data("execute-statement", "--sql", "SELECT :d", "--parameters", $$"""[{"name":"d","value":{"stringValue":"{{Marker}}"},"typeHint":"DATE"}]""");
            Assert.All(steps, s => Assert.True(s.ExitCode == 0, s.ToString()));
            Assert.Equal(4, JsonDocument.Parse(Parse(read.StandardOutput).GetProperty("formattedRecords").GetString()!).RootElement.GetArrayLength());
            Assert.Contains("(DatabaseErrorException)", failed.StandardError, StringComparison.Ordinal);
            Assert.Contains("(BadRequestException)", hinted.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain(Marker, hinted.StandardError, StringComparison.Ordinal);
            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(30)));
            output = server.Output;
        }

        SqliteConnection.ClearAllPools();
        Assert.Empty(DiskScan.FilesContaining(dataDirectory, Marker));
        Assert.Contains("rds-data", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, output, StringComparison.Ordinal);
    }

    private static void AssertError(ProcessResult result, string code, string message)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"({code})", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StandardOutput.Trim());
    }

    private static string AccountOf(string arn) => arn.Split(':')[4];

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element, CompactOptions);

    private static readonly JsonSerializerOptions CompactOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The cluster's status once it is <paramref name="expected"/>, polled for at most <paramref name="within"/>.</summary>
    private static async Task<string?> StatusWithinAsync(AwsCli aws, string identifier, string expected, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        string? status;
        do
        {
            status = (await aws.RunJsonAsync("rds", "describe-db-clusters", "--db-cluster-identifier", identifier)).GetProperty("DBClusters")[0].GetProperty("Status").GetString();
        }
        while (status != expected && clock.Elapsed < within);

        return status;
    }
}
