using System.Net;
using System.Text;
using System.Text.Json;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coffer.Server.Tests.Services.Kms;

/// <summary>
/// Secrets that pass through KMS (plaintexts, data keys, grant tokens) end up in no file of the data directory, no log
/// line and no audit record, in any of the encodings they travel in; the audit records still name the key and the
/// encryption context.
/// </summary>
public sealed class PlaintextLeakTests
{
    private const string LookupTarget = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";
    private const string Context = """{"purpose":"leak-test","tenant":"t-42"}""";

    private static readonly string[] CryptoEvents = ["Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "CreateGrant"];

    [Fact]
    public async Task CryptoOperations_WithAMarkerPlaintext_LeaveNoSecretInFilesLogsOrAuditRecords()
    {
        var marker = "coffer-leak-marker-" + Guid.NewGuid().ToString("N");
        var secrets = new List<byte[]> { Encoding.UTF8.GetBytes(marker) };
        var secretTexts = new List<string>();
        var capturing = new CapturingLoggerProvider();
        using var directory = new TestDirectory();
        var dataDirectory = Path.Combine(directory.Path, "data");
        string keyArn, otherKeyArn;

        await using (var server = await StartAsync(dataDirectory, capturing))
        {
            var kms = new KmsClient(server);
            keyArn = await kms.CreateKeyAsync();
            otherKeyArn = await kms.CreateKeyAsync();
            var admin = $"arn:aws:iam::{keyArn.Split(':')[4]}:user/admin";
            var plaintext = Convert.ToBase64String(secrets[0]);

            foreach (var context in new[] { Context, "{}" })
            {
                var encrypted = await kms.CallAsync("Encrypt", $$"""{"KeyId":"{{keyArn}}","Plaintext":"{{plaintext}}","EncryptionContext":{{context}}}""");
                var blob = encrypted.GetProperty("CiphertextBlob").GetString()!;
                secretTexts.Add(blob);
                Assert.Equal(plaintext, await DecryptAsync(kms, blob, context));

                var reencrypted = await kms.CallAsync("ReEncrypt", $$"""
                    {"CiphertextBlob":"{{blob}}","SourceEncryptionContext":{{context}},"DestinationKeyId":"{{otherKeyArn}}","DestinationEncryptionContext":{{context}}}
                    """);
                Assert.Equal(plaintext, await DecryptAsync(kms, reencrypted.GetProperty("CiphertextBlob").GetString()!, context));

                var dataKey = await kms.CallAsync("GenerateDataKey", $$"""{"KeyId":"{{keyArn}}","KeySpec":"AES_256","EncryptionContext":{{context}}}""");
                secrets.Add(Convert.FromBase64String(dataKey.GetProperty("Plaintext").GetString()!));
                Assert.Equal(dataKey.GetProperty("Plaintext").GetString(), await DecryptAsync(kms, dataKey.GetProperty("CiphertextBlob").GetString()!, context));

                var sealedOnly = await kms.CallAsync("GenerateDataKeyWithoutPlaintext", $$"""{"KeyId":"{{keyArn}}","NumberOfBytes":48,"EncryptionContext":{{context}}}""");
                secrets.Add(Convert.FromBase64String(await DecryptAsync(kms, sealedOnly.GetProperty("CiphertextBlob").GetString()!, context)));
            }

            var grant = await kms.CallAsync("CreateGrant", $$$"""
                {"KeyId":"{{{keyArn}}}","GranteePrincipal":"{{{admin}}}","Operations":["Encrypt","Decrypt"],"Constraints":{"EncryptionContextSubset":{{{Context}}}}}
                """);
            var token = grant.GetProperty("GrantToken").GetString()!;
            secretTexts.Add(token);
            var viaGrant = await kms.CallAsync("Encrypt", $$"""{"KeyId":"{{keyArn}}","Plaintext":"{{plaintext}}","EncryptionContext":{{Context}},"GrantTokens":["{{token}}"]}""");
            Assert.Equal(plaintext, await DecryptAsync(kms, viaGrant.GetProperty("CiphertextBlob").GetString()!, Context, token));
        }

        // The first server has stopped: its audit trail is drained and its files closed.
        AssertNoSecretInFiles(dataDirectory, secrets, secretTexts);

        List<string> records;
        await using (var server = await StartAsync(dataDirectory, capturing))
        {
            records = await LookupAllAsync(server, """{"AttributeKey":"EventSource","AttributeValue":"kms.amazonaws.com"}""");
            // ReEncrypt names its destination key as its resource, the other calls the key they used.
            var byKey = (await LookupAllAsync(server, $$"""{"AttributeKey":"ResourceName","AttributeValue":"{{keyArn}}"}"""))
                .Concat(await LookupAllAsync(server, $$"""{"AttributeKey":"ResourceName","AttributeValue":"{{otherKeyArn}}"}""")).ToHashSet();
            Assert.Subset(records.ToHashSet(), byKey);
            Assert.Equal(CryptoEvents.ToHashSet(), byKey.Select(EventName).Where(CryptoEvents.Contains).ToHashSet());
        }

        AssertNoSecretInFiles(dataDirectory, secrets, secretTexts);
        foreach (var record in records)
        {
            AssertNoSecret(record, "an audit record", secrets, secretTexts);
        }

        foreach (var entry in capturing.Entries)
        {
            AssertNoSecret(entry.FullText, $"log entry {entry.Category}[{entry.EventId}]", secrets, secretTexts);
            AssertNoSecret(string.Join('\n', entry.Fields.Values), $"the fields of log entry {entry.Category}[{entry.EventId}]", secrets, secretTexts);
        }

        // The records still say what was done with which key, and under which context.
        var crypto = records.Select(r => JsonDocument.Parse(r).RootElement.Clone()).Where(e => CryptoEvents.Contains(e.GetProperty("eventName").GetString())).ToList();
        Assert.Equal(CryptoEvents.ToHashSet(), crypto.Select(e => e.GetProperty("eventName").GetString()!).ToHashSet());
        foreach (var e in crypto)
        {
            Assert.False(e.TryGetProperty("errorCode", out _), e.ToString());
            var arns = e.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("ARN").GetString()).ToList();
            Assert.True(arns.Contains(keyArn) || arns.Contains(otherKeyArn), e.ToString());
        }

        var withContext = crypto.Where(e => e.GetProperty("requestParameters").TryGetProperty("encryptionContext", out var c) && c.TryGetProperty("purpose", out _)).ToList();
        Assert.Equal(CryptoEvents.Where(n => n is not ("ReEncrypt" or "CreateGrant")).ToHashSet(), withContext.Select(e => e.GetProperty("eventName").GetString()!).ToHashSet());
        foreach (var e in withContext)
        {
            var context = e.GetProperty("requestParameters").GetProperty("encryptionContext");
            Assert.Equal("leak-test", context.GetProperty("purpose").GetString());
            Assert.Equal("t-42", context.GetProperty("tenant").GetString());
        }

        var reencrypt = crypto.First(e => e.GetProperty("eventName").GetString() == "ReEncrypt" && e.GetProperty("requestParameters").TryGetProperty("sourceEncryptionContext", out var c) && c.TryGetProperty("purpose", out _));
        Assert.Equal("t-42", reencrypt.GetProperty("requestParameters").GetProperty("destinationEncryptionContext").GetProperty("tenant").GetString());
        var createGrant = Assert.Single(crypto, e => e.GetProperty("eventName").GetString() == "CreateGrant");
        Assert.Equal("leak-test", createGrant.GetProperty("requestParameters").GetProperty("constraints").GetProperty("EncryptionContextSubset").GetProperty("purpose").GetString());
        Assert.Matches("^[0-9a-f]{64}$", createGrant.GetProperty("responseElements").GetProperty("grantId").GetString());
    }

    private static Task<CofferTestServer> StartAsync(string dataDirectory, CapturingLoggerProvider capturing) =>
        CofferTestServer.StartAsync(dataDirectory: dataDirectory, configureServices: services => services.AddSingleton<ILoggerProvider>(capturing));

    private static async Task<string> DecryptAsync(KmsClient kms, string blob, string context, string? grantToken = null)
    {
        var tokens = grantToken is null ? string.Empty : $$""","GrantTokens":["{{grantToken}}"]""";
        var decrypted = await kms.CallAsync("Decrypt", $$"""{"CiphertextBlob":"{{blob}}","EncryptionContext":{{context}}{{tokens}}}""");
        return decrypted.GetProperty("Plaintext").GetString()!;
    }

    private static string EventName(string record) => JsonDocument.Parse(record).RootElement.GetProperty("eventName").GetString()!;

    /// <summary>Every CloudTrailEvent string LookupEvents returns for <paramref name="attribute"/>, following NextToken.</summary>
    private static async Task<List<string>> LookupAllAsync(CofferTestServer server, string attribute)
    {
        var records = new List<string>();
        string? next = null;
        do
        {
            var token = next is null ? string.Empty : $$""","NextToken":"{{next}}" """;
            using var response = await server.Client.SendAsync(await server.Signer().JsonAsync("cloudtrail", LookupTarget, $$"""{"LookupAttributes":[{{attribute}}],"MaxResults":50{{token}}}"""));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            using var page = JsonDocument.Parse(body);
            records.AddRange(page.RootElement.GetProperty("Events").EnumerateArray().Select(e => e.GetProperty("CloudTrailEvent").GetString()!));
            next = page.RootElement.TryGetProperty("NextToken", out var n) ? n.GetString() : null;
        }
        while (next is not null);

        Assert.NotEmpty(records);
        return records;
    }

    private static void AssertNoSecretInFiles(string dataDirectory, IReadOnlyList<byte[]> secrets, IReadOnlyList<string> secretTexts)
    {
        var needles = secrets.SelectMany(ByteNeedles).Concat(secretTexts.SelectMany(TextNeedles).SelectMany(t => new[] { Encoding.ASCII.GetBytes(t), Encoding.Unicode.GetBytes(t) })).ToList();
        var files = Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var content = DiskScan.TryReadAllBytes(file) ?? [];
            foreach (var needle in needles)
            {
                Assert.True(content.AsSpan().IndexOf(needle) < 0, $"{Path.GetRelativePath(dataDirectory, file)} holds a secret ({needle.Length} bytes).");
            }
        }
    }

    private static void AssertNoSecret(string text, string where, IReadOnlyList<byte[]> secrets, IReadOnlyList<string> secretTexts)
    {
        foreach (var needle in secrets.SelectMany(SecretTexts).Concat(secretTexts.SelectMany(TextNeedles)))
        {
            Assert.False(text.Contains(needle, StringComparison.Ordinal), $"{where} holds a secret: {text}");
        }
    }

    /// <summary>The byte sequences a secret can take in a file: itself, its UTF-16 and the encodings of <see cref="SecretTexts"/>.</summary>
    private static IEnumerable<byte[]> ByteNeedles(byte[] secret)
    {
        yield return secret;
        if (IsText(secret))
        {
            yield return Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(secret));
        }

        foreach (var text in SecretTexts(secret))
        {
            yield return Encoding.ASCII.GetBytes(text);
            yield return Encoding.Unicode.GetBytes(text);
        }
    }

    /// <summary>The strings a secret can take: the text itself (if it is text), its hex, and its base64 at each alignment.</summary>
    private static IEnumerable<string> SecretTexts(byte[] secret)
    {
        if (IsText(secret))
        {
            yield return Encoding.UTF8.GetString(secret);
        }

        yield return Convert.ToHexStringLower(secret);
        yield return Convert.ToHexString(secret);
        foreach (var text in Base64Needles(secret))
        {
            yield return text;
        }
    }

    /// <summary>A secret string (a token, a blob) and the forms a JSON writer may give it.</summary>
    private static IEnumerable<string> TextNeedles(string secret)
    {
        yield return secret;
        yield return secret.Replace("/", "\\/", StringComparison.Ordinal).Replace("+", "\\u002B", StringComparison.Ordinal);
    }

    /// <summary>
    /// Base64 of the secret when it starts 0, 1 or 2 bytes into a 3-byte group: the characters that depend on the
    /// secret alone (the first and last groups are dropped, as neighbouring bytes change them), in both alphabets.
    /// </summary>
    private static IEnumerable<string> Base64Needles(byte[] secret)
    {
        for (var offset = 0; offset < 3; offset++)
        {
            var encoded = Convert.ToBase64String([.. new byte[offset], .. secret]);
            var stable = encoded[(offset == 0 ? 0 : 4)..^4];
            yield return stable;
            yield return stable.Replace('+', '-').Replace('/', '_');
        }
    }

    private static bool IsText(byte[] bytes) => bytes.All(b => b is >= 0x20 and < 0x7F);
}
