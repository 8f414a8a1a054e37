using System.Text.Json;
using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;

namespace Coffer.Compatibility.Tests;

/// <summary>The AWS CLI's and boto3's <c>secretsmanager</c> commands against a real server.</summary>
[Trait("Category", "Slow")]
public sealed class SecretsManagerCliTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CreateSecret_WithCustomerKeyAndWithDefaultKey_ValuesReadBackAndAwsManagedAliasAppears()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var key = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;

        var custom = await aws.RunJsonAsync("secretsmanager", "create-secret", "--name", "app/custom", "--kms-key-id", key, "--secret-string", """{"username":"u","password":"p1"}""");
        var byDefault = await aws.RunJsonAsync("secretsmanager", "create-secret", "--name", "app/default", "--secret-string", "plain");
        var read = await aws.RunJsonAsync("secretsmanager", "get-secret-value", "--secret-id", custom.GetProperty("ARN").GetString()!);
        var described = await aws.RunJsonAsync("secretsmanager", "describe-secret", "--secret-id", "app/custom");
        var aliases = await aws.RunAsync("kms", "list-aliases", "--query", "Aliases[?AliasName=='alias/aws/secretsmanager'].TargetKeyId", "--output", "text");

        Assert.Matches(@"^arn:aws:secretsmanager:[a-z0-9-]+:\d{12}:secret:app/custom-[A-Za-z0-9]{6}$", custom.GetProperty("ARN").GetString());
        Assert.Equal("""{"username":"u","password":"p1"}""", read.GetProperty("SecretString").GetString());
        Assert.Equal(["AWSCURRENT"], read.GetProperty("VersionStages").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(custom.GetProperty("VersionId").GetString(), read.GetProperty("VersionId").GetString());
        Assert.Equal(key, described.GetProperty("KmsKeyId").GetString());
        Assert.Equal("plain", (await aws.RunJsonAsync("secretsmanager", "get-secret-value", "--secret-id", "app/default")).GetProperty("SecretString").GetString());
        Assert.Equal("app/default", byDefault.GetProperty("Name").GetString());
        Assert.Matches("^[0-9a-f-]{36}$", aliases.StandardOutput.Trim());
    }

    [Fact]
    public async Task PutAndUpdate_MoveAwsCurrentAndAwsPrevious_AndBinaryRoundTrips()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        await aws.RunJsonAsync("secretsmanager", "create-secret", "--name", "rot", "--secret-string", "one");

        var put = await aws.RunJsonAsync("secretsmanager", "put-secret-value", "--secret-id", "rot", "--secret-string", "two", "--client-request-token", new string('t', 32));
        var again = await aws.RunJsonAsync("secretsmanager", "put-secret-value", "--secret-id", "rot", "--secret-string", "two", "--client-request-token", new string('t', 32));
        var conflict = await aws.RunAsync("secretsmanager", "put-secret-value", "--secret-id", "rot", "--secret-string", "other", "--client-request-token", new string('t', 32));
        await aws.RunJsonAsync("secretsmanager", "update-secret", "--secret-id", "rot", "--secret-string", "three", "--description", "rotated");
        var previous = await aws.RunJsonAsync("secretsmanager", "get-secret-value", "--secret-id", "rot", "--version-stage", "AWSPREVIOUS");
        var current = await aws.RunJsonAsync("secretsmanager", "get-secret-value", "--secret-id", "rot");
        var described = await aws.RunJsonAsync("secretsmanager", "describe-secret", "--secret-id", "rot");
        var binaryFile = Path.Combine(server.DataDirectory, "..", "value.bin");
        await File.WriteAllBytesAsync(binaryFile, [0, 1, 2, 254, 255]);
        await aws.RunJsonAsync("secretsmanager", "create-secret", "--name", "bin", "--secret-binary", $"fileb://{binaryFile}");
        var binary = await aws.RunJsonAsync("secretsmanager", "get-secret-value", "--secret-id", "bin");

        Assert.Equal(new string('t', 32), put.GetProperty("VersionId").GetString());
        Assert.Equal(put.GetProperty("VersionId").GetString(), again.GetProperty("VersionId").GetString());
        Assert.Contains("ResourceExistsException", conflict.StandardError, StringComparison.Ordinal);
        Assert.Equal("two", previous.GetProperty("SecretString").GetString());
        Assert.Equal(new string('t', 32), previous.GetProperty("VersionId").GetString());
        Assert.Equal("three", current.GetProperty("SecretString").GetString());
        Assert.Equal("rotated", described.GetProperty("Description").GetString());
        Assert.Equal(2, described.GetProperty("VersionIdsToStages").EnumerateObject().Count());
        Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, Convert.FromBase64String(binary.GetProperty("SecretBinary").GetString()!));
    }

    [Fact]
    public async Task DeleteWithRecoveryWindow_GetIsRefused_RestoreBringsItBack_ForceDeleteRemovesIt()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        await aws.RunJsonAsync("secretsmanager", "create-secret", "--name", "del", "--secret-string", "v");

        var deleted = await aws.RunJsonAsync("secretsmanager", "delete-secret", "--secret-id", "del", "--recovery-window-in-days", "7");
        var refused = await aws.RunAsync("secretsmanager", "get-secret-value", "--secret-id", "del");
        var described = await aws.RunJsonAsync("secretsmanager", "describe-secret", "--secret-id", "del");
        var listed = await aws.RunAsync("secretsmanager", "list-secrets", "--query", "SecretList[].Name", "--output", "text");
        var listedWithDeleted = await aws.RunAsync("secretsmanager", "list-secrets", "--include-planned-deletion", "--query", "SecretList[].Name", "--output", "text");
        await aws.RunJsonAsync("secretsmanager", "restore-secret", "--secret-id", "del");
        var restored = await aws.RunJsonAsync("secretsmanager", "get-secret-value", "--secret-id", "del");
        var bothFlags = await aws.RunAsync("secretsmanager", "delete-secret", "--secret-id", "del", "--recovery-window-in-days", "7", "--force-delete-without-recovery");
        var badWindow = await aws.RunAsync("secretsmanager", "delete-secret", "--secret-id", "del", "--recovery-window-in-days", "31");
        await aws.RunJsonAsync("secretsmanager", "delete-secret", "--secret-id", "del", "--force-delete-without-recovery");
        var gone = await aws.RunAsync("secretsmanager", "describe-secret", "--secret-id", "del");

        var window = deleted.GetProperty("DeletionDate").GetDouble() - described.GetProperty("DeletedDate").GetDouble();
        Assert.Equal(7 * 86400, window, 0.01);
        Assert.Contains("InvalidRequestException", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, listed.StandardOutput.Trim());
        Assert.Equal("del", listedWithDeleted.StandardOutput.Trim());
        Assert.Equal("v", restored.GetProperty("SecretString").GetString());
        Assert.Contains("InvalidParameterException", bothFlags.StandardError, StringComparison.Ordinal);
        Assert.Contains("InvalidParameterException", badWindow.StandardError, StringComparison.Ordinal);
        Assert.Contains("ResourceNotFoundException", gone.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListSecrets_WithFiltersAndPagination_Boto3PaginatorSeesEverySecretOnce()
    {
        await using var server = await CofferTestServer.StartAsync();
        var boto3 = new Boto3(server.AwsEnvironment);

        var output = await boto3.RunJsonAsync(PythonScripts.Prelude + """
            sm = boto3.client('secretsmanager')
            for i in range(5):
                sm.create_secret(Name=f'team/app-{i}', SecretString='v', Tags=[{'Key': 'team', 'Value': 'blue' if i % 2 == 0 else 'green'}])
            sm.create_secret(Name='other', SecretString='v', Description='Shared database')
            pages = list(sm.get_paginator('list_secrets').paginate(PaginationConfig={'PageSize': 2}))
            names = [s['Name'] for p in pages for s in p['SecretList']]
            blue = sm.list_secrets(Filters=[{'Key': 'tag-value', 'Values': ['blue']}])['SecretList']
            by_name = sm.list_secrets(Filters=[{'Key': 'name', 'Values': ['team/']}, {'Key': 'tag-key', 'Values': ['team']}])['SecretList']
            by_description = sm.list_secrets(Filters=[{'Key': 'description', 'Values': ['shared']}])['SecretList']
            bad_key = call(lambda: sm.list_secrets(Filters=[{'Key': 'nope', 'Values': ['x']}]))
            bad_token = call(lambda: sm.list_secrets(NextToken='garbage'))
            print(json.dumps({
                'pages': len(pages), 'names': sorted(names), 'blue': sorted(s['Name'] for s in blue),
                'byName': len(by_name), 'byDescription': [s['Name'] for s in by_description],
                'badKey': bad_key.get('code'), 'badToken': bad_token.get('code'),
                'stages': list(blue[0]['SecretVersionsToStages'].values()),
            }))
            """);

        Assert.Equal(3, output.GetProperty("pages").GetInt32());
        Assert.Equal(["other", "team/app-0", "team/app-1", "team/app-2", "team/app-3", "team/app-4"], output.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(["team/app-0", "team/app-2", "team/app-4"], output.GetProperty("blue").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(5, output.GetProperty("byName").GetInt32());
        Assert.Equal(["other"], output.GetProperty("byDescription").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("ValidationException", output.GetProperty("badKey").GetString());
        Assert.Equal("InvalidNextTokenException", output.GetProperty("badToken").GetString());
        Assert.Equal("[[\"AWSCURRENT\"]]", output.GetProperty("stages").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisabledKey_GetFailsWithDecryptionFailure_EnableMakesItWork_AndCloudTrailShowsCallsViaSecretsManager()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var key = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
        var created = await aws.RunJsonAsync("secretsmanager", "create-secret", "--name", "keyed", "--kms-key-id", key, "--secret-string", "v");
        var arn = created.GetProperty("ARN").GetString()!;

        await aws.RunAsync("kms", "disable-key", "--key-id", key);
        var refused = await aws.RunAsync("secretsmanager", "get-secret-value", "--secret-id", "keyed");
        var put = await aws.RunAsync("secretsmanager", "put-secret-value", "--secret-id", "keyed", "--secret-string", "w");
        await aws.RunAsync("kms", "enable-key", "--key-id", key);
        var read = await aws.RunJsonAsync("secretsmanager", "get-secret-value", "--secret-id", "keyed");
        var events = await aws.RunJsonAsync("cloudtrail", "lookup-events", "--lookup-attributes", $"AttributeKey=ResourceName,AttributeValue={key}");

        Assert.Contains("DecryptionFailure", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("is disabled", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("EncryptionFailure", put.StandardError, StringComparison.Ordinal);
        Assert.Equal("v", read.GetProperty("SecretString").GetString());
        var records = events.GetProperty("Events").EnumerateArray()
            .Select(e => JsonDocument.Parse(e.GetProperty("CloudTrailEvent").GetString()!).RootElement)
            .Where(r => r.GetProperty("sourceIPAddress").GetString()!.StartsWith("secretsmanager.", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(records, r => r.GetProperty("eventName").GetString() == "GenerateDataKey" && ErrorCode(r) is null);
        Assert.Contains(records, r => r.GetProperty("eventName").GetString() == "Decrypt" && ErrorCode(r) == "DisabledException");
        Assert.Contains(records, r => r.GetProperty("eventName").GetString() == "Decrypt" && ErrorCode(r) is null &&
            r.GetProperty("requestParameters").GetProperty("encryptionContext").GetProperty("SecretVersionId").GetString() == created.GetProperty("VersionId").GetString());
        Assert.All(records, r =>
        {
            Assert.Equal(arn, r.GetProperty("requestParameters").GetProperty("encryptionContext").GetProperty("SecretARN").GetString());
            Assert.True(r.GetProperty("requestParameters").GetProperty("encryptionContext").TryGetProperty("SecretVersionId", out _));
            Assert.StartsWith("secretsmanager.", r.GetProperty("userIdentity").GetProperty("invokedBy").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task CrossAccount_SecondAccountCannotReachTheSecretByNameOrArn()
    {
        await using var server = await CofferTestServer.StartAsync();
        var created = await CofferExecutable.RunAsync("accounts", "create", "team-b", "--data-dir", server.DataDirectory);
        Assert.True(created.ExitCode == 0, created.ToString());
        var aws = new AwsCli(server.AwsEnvironment);
        var arn = (await aws.RunJsonAsync("secretsmanager", "create-secret", "--name", "private", "--secret-string", "v")).GetProperty("ARN").GetString()!;

        var byArn = await aws.RunAsync("secretsmanager", "get-secret-value", "--secret-id", arn, "--profile", "team-b");
        var byName = await aws.RunAsync("secretsmanager", "describe-secret", "--secret-id", "private", "--profile", "team-b");

        Assert.Contains("ResourceNotFoundException", byArn.StandardError, StringComparison.Ordinal);
        Assert.Contains("ResourceNotFoundException", byName.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretValues_AppearInNoFileOfTheDataDirectoryAndNoLineOfTheServerLog()
    {
        const string Marker = "SM-CLI-MARKER-7c1e";
        using var directory = new TestDirectory();
        var dataDirectory = Path.Combine(directory.Path, "data");
        var url = $"http://127.0.0.1:{CofferExecutable.FreeLoopbackPort()}";
        string output;
        await using (var server = CofferServerProcess.Start("--data-dir", dataDirectory, "--urls", url))
        {
            var aws = new AwsCli(await server.ReadExportsAsync(StartTimeout));
            var key = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
            await aws.RunJsonAsync("secretsmanager", "create-secret", "--name", "leak", "--secret-string", Marker + "-1");
            await aws.RunJsonAsync("secretsmanager", "put-secret-value", "--secret-id", "leak", "--secret-string", Marker + "-2");
            await aws.RunJsonAsync("secretsmanager", "update-secret", "--secret-id", "leak", "--kms-key-id", key, "--secret-string", Marker + "-3");
            Assert.Equal(Marker + "-3", (await aws.RunJsonAsync("secretsmanager", "get-secret-value", "--secret-id", "leak")).GetProperty("SecretString").GetString());
            var conflict = await aws.RunAsync("secretsmanager", "put-secret-value", "--secret-id", "leak", "--secret-string", Marker + "-4", "--client-request-token",
                (await aws.RunJsonAsync("secretsmanager", "describe-secret", "--secret-id", "leak")).GetProperty("VersionIdsToStages").EnumerateObject().First().Name);
            Assert.DoesNotContain(Marker, conflict.StandardError, StringComparison.Ordinal);
            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(30)));
            output = server.Output;
        }

        SqliteConnection.ClearAllPools();
        var leaking = DiskScan.FilesContaining(dataDirectory, Marker);
        Assert.Empty(leaking);
        Assert.Contains("secretsmanager", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, output, StringComparison.Ordinal);
    }

    private static string? ErrorCode(JsonElement record) =>
        record.TryGetProperty("errorCode", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
}
