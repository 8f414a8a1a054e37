using System.Text.Json;

namespace Coffer.Server.Tests.Services.Kms;

public sealed class DataKeyOperationTests
{
    [Fact]
    public async Task GenerateDataKey_ThenDecrypt_GivesThePlaintextAndNamesTheKeyByArn()
    {
        await using var server = await TestKit.CofferTestServer.StartAsync();
        var kms = new KmsClient(server);
        var arn = await kms.CreateKeyAsync();
        var keyId = arn[(arn.LastIndexOf('/') + 1)..];

        var dataKey = await kms.CallAsync("GenerateDataKey", $$"""{"KeyId":"{{keyId}}","KeySpec":"AES_256","EncryptionContext":{"purpose":"test"} }""");
        var decrypted = await kms.CallAsync("Decrypt", $$"""{"CiphertextBlob":"{{dataKey.GetProperty("CiphertextBlob").GetString()}}","EncryptionContext":{"purpose":"test"} }""");

        Assert.Equal(["CiphertextBlob", "Plaintext", "KeyId", "KeyMaterialId"], dataKey.EnumerateObject().Select(p => p.Name));
        Assert.Equal(arn, dataKey.GetProperty("KeyId").GetString());
        Assert.Matches("^[0-9a-f]{32,64}$", dataKey.GetProperty("KeyMaterialId").GetString());
        Assert.Equal(32, Convert.FromBase64String(dataKey.GetProperty("Plaintext").GetString()!).Length);
        Assert.Equal(dataKey.GetProperty("Plaintext").GetString(), decrypted.GetProperty("Plaintext").GetString());
    }

    [Fact]
    public async Task GenerateDataKeyWithoutPlaintext_ReturnsNoPlaintext()
    {
        await using var server = await TestKit.CofferTestServer.StartAsync();
        var kms = new KmsClient(server);
        var arn = await kms.CreateKeyAsync();

        var dataKey = await kms.CallAsync("GenerateDataKeyWithoutPlaintext", $$"""{"KeyId":"{{arn}}","NumberOfBytes":1024}""");

        Assert.Equal(["CiphertextBlob", "KeyId", "KeyMaterialId"], dataKey.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("GenerateDataKey", ""","NumberOfBytes":0""", "ValidationException", "Value '0' at 'numberOfBytes'")]
    [InlineData("GenerateDataKey", ""","NumberOfBytes":1025""", "ValidationException", "Value '1025' at 'numberOfBytes'")]
    [InlineData("GenerateDataKey", ""","NumberOfBytes":16,"KeySpec":"AES_128" """, "ValidationException", "Please specify either number of bytes or key spec.")]
    [InlineData("GenerateDataKeyWithoutPlaintext", "", "ValidationException", "Please specify either number of bytes or key spec.")]
    [InlineData("GenerateDataKey", ""","KeySpec":"AES-256" """, "ValidationException", "Member must satisfy enum value set: [AES_256, AES_128]")]
    [InlineData("GenerateDataKey", ""","NumberOfBytes":"32" """, "SerializationException", "NumberOfBytes")]
    [InlineData("GenerateDataKey", ""","KeySpec":"AES_256","GrantTokens":["t","t","t","t","t","t","t","t","t","t","t"]""", "ValidationException", "'grantTokens'")]
    [InlineData("GenerateDataKey", ""","KeySpec":"AES_256","EncryptionContext":["a"]""", "SerializationException", "EncryptionContext")]
    [InlineData("GenerateDataKey", ""","KeySpec":"AES_256","Recipient":{"KeyEncryptionAlgorithm":"RSAES_OAEP_SHA_256"}""", "UnsupportedOperationException", "Recipient")]
    public async Task GenerateDataKey_WithInvalidInput_FailsAsAws(string operation, string extra, string code, string expected)
    {
        await using var server = await TestKit.CofferTestServer.StartAsync();
        var kms = new KmsClient(server);
        var arn = await kms.CreateKeyAsync();

        var message = await kms.ErrorAsync(operation, $$"""{"KeyId":"{{arn}}"{{extra}}}""", code);

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateDataKey_WithDryRun_Is412DryRunOperation()
    {
        await using var server = await TestKit.CofferTestServer.StartAsync();
        var kms = new KmsClient(server);
        var arn = await kms.CreateKeyAsync();

        await kms.ErrorAsync("GenerateDataKey", $$"""{"KeyId":"{{arn}}","KeySpec":"AES_256","DryRun":true}""", "DryRunOperationException", System.Net.HttpStatusCode.PreconditionFailed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1024)]
    public async Task GenerateRandom_ReturnsThatManyBytes(int numberOfBytes)
    {
        await using var server = await TestKit.CofferTestServer.StartAsync();

        var random = await new KmsClient(server).CallAsync("GenerateRandom", $$"""{"NumberOfBytes":{{numberOfBytes}}}""");

        Assert.Equal(numberOfBytes, Convert.FromBase64String(random.GetProperty("Plaintext").GetString()!).Length);
    }

    [Theory]
    [InlineData("{}", "ValidationException", "Please specify either number of bytes or key spec.")]
    [InlineData("""{"NumberOfBytes":0}""", "ValidationException", "'numberOfBytes'")]
    [InlineData("""{"NumberOfBytes":1025}""", "ValidationException", "'numberOfBytes'")]
    [InlineData("""{"NumberOfBytes":true}""", "SerializationException", "NumberOfBytes")]
    [InlineData("""{"NumberOfBytes":8,"CustomKeyStoreId":"cks-1234567890abcdef0"}""", "CustomKeyStoreNotFoundException", "cks-1234567890abcdef0")]
    [InlineData("""{"NumberOfBytes":8,"Recipient":{"AttestationDocument":"AAAA"}}""", "UnsupportedOperationException", "Recipient")]
    public async Task GenerateRandom_WithInvalidInput_FailsAsAws(string json, string code, string expected)
    {
        await using var server = await TestKit.CofferTestServer.StartAsync();

        var message = await new KmsClient(server).ErrorAsync("GenerateRandom", json, code);

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReEncrypt_ToAnotherKey_NamesBothKeysByArnAndDecryptsUnderTheDestination()
    {
        await using var server = await TestKit.CofferTestServer.StartAsync();
        var kms = new KmsClient(server);
        var source = await kms.CreateKeyAsync();
        var destination = await kms.CreateKeyAsync();
        var encrypted = await kms.CallAsync("Encrypt", $$"""{"KeyId":"{{source}}","Plaintext":"aGVsbG8=","EncryptionContext":{"a":"1"} }""");

        var moved = await kms.CallAsync("ReEncrypt", $$"""
            {"CiphertextBlob":"{{encrypted.GetProperty("CiphertextBlob").GetString()}}","SourceEncryptionContext":{"a":"1"},
             "DestinationKeyId":"{{destination}}","DestinationEncryptionContext":{"b":"2"},"DestinationEncryptionAlgorithm":"SYMMETRIC_DEFAULT"}
            """);
        var decrypted = await kms.CallAsync("Decrypt", $$"""{"CiphertextBlob":"{{moved.GetProperty("CiphertextBlob").GetString()}}","EncryptionContext":{"b":"2"} }""");

        Assert.Equal(
            ["CiphertextBlob", "SourceKeyId", "KeyId", "SourceEncryptionAlgorithm", "DestinationEncryptionAlgorithm", "SourceKeyMaterialId", "DestinationKeyMaterialId"],
            moved.EnumerateObject().Select(p => p.Name));
        Assert.Equal(source, moved.GetProperty("SourceKeyId").GetString());
        Assert.Equal(destination, moved.GetProperty("KeyId").GetString());
        Assert.Equal("aGVsbG8=", decrypted.GetProperty("Plaintext").GetString());
        Assert.Equal(destination, decrypted.GetProperty("KeyId").GetString());
    }

    [Theory]
    [InlineData("""{"CiphertextBlob":"@@@","DestinationKeyId":"KEY"}""", "SerializationException")]
    [InlineData("""{"CiphertextBlob":"AAAA"}""", "ValidationException")]
    [InlineData("""{"CiphertextBlob":"AAAA","DestinationKeyId":"KEY"}""", "InvalidCiphertextException")]
    [InlineData("""{"CiphertextBlob":"AAAA","DestinationKeyId":"KEY","SourceEncryptionAlgorithm":"RSAES_OAEP_SHA_1"}""", "InvalidKeyUsageException")]
    public async Task ReEncrypt_WithInvalidInput_FailsAsAws(string json, string code)
    {
        await using var server = await TestKit.CofferTestServer.StartAsync();
        var kms = new KmsClient(server);
        var key = await kms.CreateKeyAsync();

        // InvalidCiphertextException carries no message, by design, so it is checked by its code alone.
        using var response = await kms.SendAsync("ReEncrypt", json.Replace("KEY", key, StringComparison.Ordinal));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, body.RootElement.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task ReEncrypt_WithAnotherSourceKeyId_IsIncorrectKey()
    {
        await using var server = await TestKit.CofferTestServer.StartAsync();
        var kms = new KmsClient(server);
        var source = await kms.CreateKeyAsync();
        var other = await kms.CreateKeyAsync();
        var blob = (await kms.CallAsync("Encrypt", $$"""{"KeyId":"{{source}}","Plaintext":"aGVsbG8="}""")).GetProperty("CiphertextBlob").GetString();

        var message = await kms.ErrorAsync("ReEncrypt", $$"""{"CiphertextBlob":"{{blob}}","SourceKeyId":"{{other}}","DestinationKeyId":"{{other}}"}""", "IncorrectKeyException");

        Assert.Equal("The key ID in the request does not identify a CMK that can perform this operation.", message);
    }
}
