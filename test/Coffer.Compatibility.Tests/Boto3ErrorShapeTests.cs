using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// Errors answer in their protocol's own error shape, which botocore parses into a code and its modelled exception:
/// KMS (JSON 1.1: <c>__type</c>) and the RDS Data API (REST-JSON: <c>x-amzn-ErrorType</c>).
/// </summary>
[Trait("Category", "Slow")]
public sealed class Boto3ErrorShapeTests
{
    [Fact]
    public async Task DescribeKey_UnknownAlias_RaisesTheModelledNotFoundException()
    {
        await using var server = await CofferTestServer.StartAsync();
        var boto3 = new Boto3(server.AwsEnvironment);

        var output = await boto3.RunJsonAsync(PythonScripts.Prelude + """
            kms = boto3.client('kms')
            result = call(lambda: kms.describe_key(KeyId='alias/does-not-exist'))
            try:
                kms.describe_key(KeyId='alias/does-not-exist')
            except kms.exceptions.NotFoundException:
                result['modelled'] = True
            print(json.dumps(result))
            """);

        Assert.True(output.GetProperty("raised").GetString() == "ClientError", output.ToString());
        Assert.Equal("NotFoundException", output.GetProperty("code").GetString());
        Assert.Equal(400, output.GetProperty("status").GetInt32());
        Assert.Matches(@"^Alias arn:aws:kms:eu-west-1:\d{12}:alias/does-not-exist is not found\.$", output.GetProperty("message").GetString());
        Assert.True(output.GetProperty("modelled").GetBoolean(), "boto3 maps the code to its modelled exception class");
        Assert.True(Guid.TryParse(output.GetProperty("requestId").GetString(), out _), output.ToString());
    }

    [Fact]
    public async Task ExecuteStatement_AnotherAccountsClusterArn_RaisesTheModelledNotFoundException()
    {
        await using var server = await CofferTestServer.StartAsync();
        var boto3 = new Boto3(server.AwsEnvironment);

        var output = await boto3.RunJsonAsync(PythonScripts.Prelude + """
            data = boto3.client('rds-data')
            request = dict(resourceArn='arn:aws:rds:eu-west-1:123456789012:cluster:x',
                           secretArn='arn:aws:secretsmanager:eu-west-1:123456789012:secret:x', sql='select 1')
            result = call(lambda: data.execute_statement(**request))
            try:
                data.execute_statement(**request)
            except data.exceptions.NotFoundException:
                result['modelled'] = True
            print(json.dumps(result))
            """);

        Assert.True(output.GetProperty("raised").GetString() == "ClientError", output.ToString());
        Assert.Equal("NotFoundException", output.GetProperty("code").GetString());
        Assert.Equal(404, output.GetProperty("status").GetInt32());
        Assert.Equal("DB cluster arn:aws:rds:eu-west-1:123456789012:cluster:x is not found.", output.GetProperty("message").GetString());
        Assert.True(output.GetProperty("modelled").GetBoolean(), "boto3 maps the REST-JSON error type to its modelled exception class");
        Assert.True(Guid.TryParse(output.GetProperty("requestId").GetString(), out _), output.ToString());
    }
}
