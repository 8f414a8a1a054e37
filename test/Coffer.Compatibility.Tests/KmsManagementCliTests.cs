using System.Text.Json;
using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>Key management with the real <c>aws kms</c> CLI: states, deletion, rotation, aliases, pagination, policies.</summary>
[Trait("Category", "Slow")]
public sealed class KmsManagementCliTests
{
    [Fact]
    public async Task KeyLifecycle_WithTheCli_FollowsAws()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var keyId = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
        await OkAsync(aws, "kms", "create-alias", "--alias-name", "alias/app", "--target-key-id", keyId);

        var before = await aws.RunJsonAsync("kms", "encrypt", "--key-id", "alias/app", "--plaintext", "hello");
        await OkAsync(aws, "kms", "disable-key", "--key-id", keyId);
        var disabled = await aws.RunAsync("kms", "encrypt", "--key-id", "alias/app", "--plaintext", "hello");
        await OkAsync(aws, "kms", "enable-key", "--key-id", keyId);
        var scheduled = await aws.RunJsonAsync("kms", "schedule-key-deletion", "--key-id", keyId, "--pending-window-in-days", "7");
        await aws.RunJsonAsync("kms", "cancel-key-deletion", "--key-id", keyId);
        var state = (await aws.RunJsonAsync("kms", "describe-key", "--key-id", keyId)).GetProperty("KeyMetadata").GetProperty("KeyState").GetString();

        Assert.True(disabled.ExitCode != 0, disabled.ToString());
        Assert.Contains("(DisabledException)", disabled.StandardError, StringComparison.Ordinal);
        Assert.Equal(("PendingDeletion", 7), (scheduled.GetProperty("KeyState").GetString(), scheduled.GetProperty("PendingWindowInDays").GetInt32()));
        Assert.Equal("Disabled", state);

        await OkAsync(aws, "kms", "enable-key", "--key-id", keyId);
        await OkAsync(aws, "kms", "enable-key-rotation", "--key-id", keyId);
        await aws.RunJsonAsync("kms", "rotate-key-on-demand", "--key-id", keyId);
        var rotations = await aws.RunJsonAsync("kms", "list-key-rotations", "--key-id", keyId);
        var blob = Path.Combine(server.DataDirectory, "before.bin");
        await File.WriteAllBytesAsync(blob, Convert.FromBase64String(before.GetProperty("CiphertextBlob").GetString()!));
        var decrypted = await aws.RunJsonAsync("kms", "decrypt", "--ciphertext-blob", "fileb://" + blob);
        var status = await aws.RunJsonAsync("kms", "get-key-rotation-status", "--key-id", keyId);

        Assert.Equal("ON_DEMAND", Assert.Single(rotations.GetProperty("Rotations").EnumerateArray()).GetProperty("RotationType").GetString());
        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(decrypted.GetProperty("Plaintext").GetString()!)));
        Assert.True(status.GetProperty("KeyRotationEnabled").GetBoolean());
    }

    [Fact]
    public async Task ListAliasesAndListKeys_WithPageSizeOne_AutoPaginateToTheEnd()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        for (var i = 0; i < 3; i++)
        {
            var keyId = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
            await OkAsync(aws, "kms", "create-alias", "--alias-name", $"alias/app{i}", "--target-key-id", keyId);
        }

        var aliases = await aws.RunJsonAsync("kms", "list-aliases", "--page-size", "1");
        var keys = await aws.RunJsonAsync("kms", "list-keys", "--page-size", "1");

        Assert.Equal(["alias/app0", "alias/app1", "alias/app2", "alias/aws/rds", "alias/aws/secretsmanager"], aliases.GetProperty("Aliases").EnumerateArray().Select(a => a.GetProperty("AliasName").GetString()));
        Assert.Equal(3, keys.GetProperty("Keys").GetArrayLength());
    }

    [Fact]
    public async Task GetKeyPolicy_ReturnsTheDefaultPolicyText()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var metadata = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata");

        var policy = await aws.RunJsonAsync("kms", "get-key-policy", "--key-id", metadata.GetProperty("KeyId").GetString()!, "--policy-name", "default");

        using var document = JsonDocument.Parse(policy.GetProperty("Policy").GetString()!);
        Assert.Equal("key-default-1", document.RootElement.GetProperty("Id").GetString());
        var statement = Assert.Single(document.RootElement.GetProperty("Statement").EnumerateArray());
        Assert.Equal($"arn:aws:iam::{metadata.GetProperty("AWSAccountId").GetString()}:root", statement.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Contains("\"Sid\" : \"Enable IAM User Permissions\"", policy.GetProperty("Policy").GetString(), StringComparison.Ordinal);
    }

    private static async Task OkAsync(AwsCli aws, params string[] arguments)
    {
        var result = await aws.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
