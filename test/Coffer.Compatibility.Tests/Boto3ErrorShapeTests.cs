using System.Text.Json;
using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// Services Coffer does not serve yet answer in their protocol's own error shape, which botocore parses into a code:
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
    public async Task ExecuteStatement_RdsDataNotServed_RaisesUnknownOperationException()
    {
        await using var server = await CofferTestServer.StartAsync();
        var boto3 = new Boto3(server.AwsEnvironment);

        var output = await boto3.RunJsonAsync(PythonScripts.Prelude + """
            data = boto3.client('rds-data')
            print(json.dumps(call(lambda: data.execute_statement(
                resourceArn='arn:aws:rds:us-east-1:123456789012:cluster:x',
                secretArn='arn:aws:secretsmanager:us-east-1:123456789012:secret:x',
                sql='select 1'))))
            """);

        AssertUnknownOperation(output, "rds-data");
    }

    private static void AssertUnknownOperation(JsonElement output, string service)
    {
        Assert.True(output.GetProperty("raised").GetString() == "ClientError", output.ToString());
        Assert.Equal("UnknownOperationException", output.GetProperty("code").GetString());
        Assert.Equal(400, output.GetProperty("status").GetInt32());
        Assert.Contains($"'{service}'", output.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(Guid.TryParse(output.GetProperty("requestId").GetString(), out _), output.ToString());
    }
}
