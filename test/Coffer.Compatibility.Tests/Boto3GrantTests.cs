using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>boto3 grants across two accounts of one server: the second account uses the key only through the grant.</summary>
[Trait("Category", "Slow")]
public sealed class Boto3GrantTests
{
    [Fact]
    public async Task CreateGrant_ForASecondAccount_LetsItEncryptWithTheTokenUntilRevoked()
    {
        await using var server = await CofferTestServer.StartAsync();
        var created = await CofferExecutable.RunAsync("accounts", "create", "team-b", "--data-dir", server.DataDirectory);
        Assert.True(created.ExitCode == 0, created.ToString());
        var boto3 = new Boto3(server.AwsEnvironment);

        var output = await boto3.RunJsonAsync(PythonScripts.Prelude + """
            kms_a = boto3.client('kms')
            session_b = boto3.Session(profile_name='team-b')
            kms_b = session_b.client('kms')
            principal_b = session_b.client('sts').get_caller_identity()['Arn']
            arn = kms_a.create_key()['KeyMetadata']['Arn']
            before = call(lambda: kms_b.encrypt(KeyId=arn, Plaintext=b'secret'))
            grant = kms_a.create_grant(KeyId=arn, GranteePrincipal=principal_b, Operations=['Encrypt', 'Decrypt'])
            encrypted = kms_b.encrypt(KeyId=arn, Plaintext=b'secret', GrantTokens=[grant['GrantToken']])
            decrypted = kms_b.decrypt(CiphertextBlob=encrypted['CiphertextBlob'], KeyId=arn)
            grants = kms_a.list_grants(KeyId=arn)['Grants']
            kms_a.revoke_grant(KeyId=arn, GrantId=grant['GrantId'])
            after = call(lambda: kms_b.encrypt(KeyId=arn, Plaintext=b'secret'))
            print(json.dumps({
                'before': before.get('code'), 'keyId': encrypted['KeyId'], 'arn': arn,
                'plaintext': decrypted['Plaintext'].decode(), 'grantee': grants[0]['GranteePrincipal'], 'principal': principal_b,
                'grantCount': len(grants), 'grantId': grants[0]['GrantId'], 'created': grant['GrantId'], 'after': after.get('code'),
            }))
            """);

        Assert.Equal("AccessDeniedException", output.GetProperty("before").GetString());
        Assert.Equal(output.GetProperty("arn").GetString(), output.GetProperty("keyId").GetString());
        Assert.Equal("secret", output.GetProperty("plaintext").GetString());
        Assert.Equal(1, output.GetProperty("grantCount").GetInt32());
        Assert.Equal(output.GetProperty("principal").GetString(), output.GetProperty("grantee").GetString());
        Assert.Equal(output.GetProperty("created").GetString(), output.GetProperty("grantId").GetString());
        Assert.Equal("AccessDeniedException", output.GetProperty("after").GetString());
    }
}
