using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>The AWS CLI's <c>kms generate-data-key</c> and <c>kms decrypt</c> against a real server.</summary>
[Trait("Category", "Slow")]
public sealed class KmsDataKeyCliTests
{
    [Fact]
    public async Task GenerateDataKey_ThenDecryptOfItsBlob_GivesTheSamePlaintext()
    {
        await using var server = await CofferTestServer.StartAsync();
        var aws = new AwsCli(server.AwsEnvironment);
        var arn = (await aws.RunJsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;

        var dataKey = await aws.RunJsonAsync("kms", "generate-data-key", "--key-id", arn, "--key-spec", "AES_256", "--encryption-context", "purpose=cli");
        var blobFile = Path.Combine(server.DataDirectory, "..", "blob.bin");
        await File.WriteAllBytesAsync(blobFile, Convert.FromBase64String(dataKey.GetProperty("CiphertextBlob").GetString()!));
        var decrypted = await aws.RunJsonAsync("kms", "decrypt", "--ciphertext-blob", $"fileb://{blobFile}", "--encryption-context", "purpose=cli");

        Assert.Equal(arn, dataKey.GetProperty("KeyId").GetString());
        Assert.Equal(32, Convert.FromBase64String(dataKey.GetProperty("Plaintext").GetString()!).Length);
        Assert.Equal(dataKey.GetProperty("Plaintext").GetString(), decrypted.GetProperty("Plaintext").GetString());
        Assert.Equal(arn, decrypted.GetProperty("KeyId").GetString());
    }
}
