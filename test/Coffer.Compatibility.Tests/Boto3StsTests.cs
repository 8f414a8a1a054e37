using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>boto3's STS client on the generated files: a second, independent signer and parser.</summary>
[Trait("Category", "Slow")]
public sealed class Boto3StsTests
{
    [Fact]
    public async Task GetCallerIdentity_WithGeneratedFiles_ReturnsAdminIdentity()
    {
        await using var server = await CofferTestServer.StartAsync();
        var boto3 = new Boto3(server.AwsEnvironment);

        var output = await boto3.RunJsonAsync(PythonScripts.Prelude + """
            identity = boto3.client('sts').get_caller_identity()
            print(json.dumps({k: identity[k] for k in ('Account', 'Arn', 'UserId')}))
            """);

        CallerIdentity.AssertAdmin(output);
    }

    [Fact]
    public async Task GetCallerIdentity_WithWrongSecret_RaisesClientErrorSignatureDoesNotMatch()
    {
        await using var server = await CofferTestServer.StartAsync();
        var boto3 = new Boto3(server.AwsEnvironment);

        var output = await boto3.RunJsonAsync(PythonScripts.Prelude + """
            sts = boto3.client('sts', aws_access_key_id=sys.argv[1], aws_secret_access_key=sys.argv[2])
            print(json.dumps(call(lambda: sts.get_caller_identity())))
            """, server.AccessKeyId, "not-the-secret");

        Assert.Equal("ClientError", output.GetProperty("raised").GetString());
        Assert.Equal("SignatureDoesNotMatch", output.GetProperty("code").GetString());
        Assert.Equal(403, output.GetProperty("status").GetInt32());
        Assert.True(Guid.TryParse(output.GetProperty("requestId").GetString(), out _), output.ToString());
        Assert.Contains("Check your AWS Secret Access Key", output.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeneratePresignedUrl_FetchedWithUrllib_Returns200WithAccount()
    {
        await using var server = await CofferTestServer.StartAsync();
        var boto3 = new Boto3(server.AwsEnvironment);

        // botocore signs a presigned URL for the operation's HTTP method, which for STS (AWS Query) is POST; as on AWS,
        // the URL then verifies only when fetched with that method. HttpMethod='GET' gives a URL for a plain GET.
        var output = await boto3.RunJsonAsync(PythonScripts.Prelude + """
            import urllib.error, urllib.request
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            def fetch(url, method):
                request = urllib.request.Request(url, method=method, data=b'' if method == 'POST' else None)
                try:
                    with opener.open(request, timeout=30) as response:
                        return {'status': response.status, 'body': response.read().decode('utf-8')}
                except urllib.error.HTTPError as e:
                    return {'status': e.code, 'body': e.read().decode('utf-8')}
            sts = boto3.client('sts')
            account = sts.get_caller_identity()['Account']
            url = sts.generate_presigned_url('get_caller_identity', ExpiresIn=60)
            get_url = sts.generate_presigned_url('get_caller_identity', ExpiresIn=60, HttpMethod='GET')
            print(json.dumps({
                'account': account,
                'url': url,
                'post': fetch(url, 'POST'),
                'get': fetch(get_url, 'GET'),
                'postUrlWithGet': fetch(url, 'GET'),
            }))
            """);

        var account = output.GetProperty("account").GetString()!;
        Assert.Matches(CallerIdentity.AccountId(), account);
        var url = output.GetProperty("url").GetString()!;
        Assert.StartsWith(server.BaseUrl + "/?Action=GetCallerIdentity&", url, StringComparison.Ordinal);
        Assert.Contains("&X-Amz-Expires=60&", url, StringComparison.Ordinal);
        Assert.Contains("&X-Amz-Signature=", url, StringComparison.Ordinal);
        foreach (var fetched in new[] { output.GetProperty("post"), output.GetProperty("get") })
        {
            Assert.True(fetched.GetProperty("status").GetInt32() == 200, output.ToString());
            var body = fetched.GetProperty("body").GetString()!;
            Assert.Contains("<GetCallerIdentityResponse", body, StringComparison.Ordinal);
            Assert.Contains($"<Account>{account}</Account>", body, StringComparison.Ordinal);
            Assert.Contains($"<Arn>arn:aws:iam::{account}:user/admin</Arn>", body, StringComparison.Ordinal);
        }

        var wrongMethod = output.GetProperty("postUrlWithGet");
        Assert.Equal(403, wrongMethod.GetProperty("status").GetInt32());
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", wrongMethod.GetProperty("body").GetString(), StringComparison.Ordinal);
    }
}
