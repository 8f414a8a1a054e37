using System.Globalization;
using System.Net;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coffer.Server.Tests.Edge;

/// <summary>The request log: one line per request with its facts, and never a secret or a signature.</summary>
public sealed partial class AwsEndpointTests
{
    private const int RequestCompletedEventId = 1;

    [Fact]
    public async Task Requests_SignedAndWithWrongSecret_LogOneLineEachWithoutSecretsOrSignatures()
    {
        var capturing = new CapturingLoggerProvider();
        var server = await CofferTestServer.StartAsync(configureServices: services => services.AddSingleton<ILoggerProvider>(capturing));
        string secret, goodSignature, badSignature, goodRequestId, badRequestId, accountId;
        await using (server)
        {
            secret = server.SecretAccessKey;
            accountId = (await MetadataReader.AccountAsync(server.DataDirectory, "default")).AccountId;
            var good = await server.Signer().QueryAsync("sts", ShapedRequests.GetCallerIdentityForm);
            goodSignature = ShapedRequests.Signature(good);
            using var goodResponse = await server.Client.SendAsync(good);
            goodRequestId = (await CallerIdentityResponse.ReadAsync(goodResponse)).RequestId;

            var bad = await server.Signer().QueryAsync("sts", ShapedRequests.GetCallerIdentityForm, secret: ShapedRequests.OtherSecret(secret));
            badSignature = ShapedRequests.Signature(bad);
            using var badResponse = await server.Client.SendAsync(bad);
            await WireAssert.QueryErrorAsync(badResponse, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
            badRequestId = WireAssert.RequestId(badResponse);
        }

        // The server has stopped: every in-flight request has finished and logged.
        var entries = capturing.Entries;
        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            Assert.DoesNotContain(secret, entry.FullText, StringComparison.Ordinal);
            Assert.DoesNotContain(goodSignature, entry.FullText, StringComparison.Ordinal);
            Assert.DoesNotContain(badSignature, entry.FullText, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, string.Join(' ', entry.Fields.Values), StringComparison.Ordinal);
        }

        var requestLines = entries.Where(e => e.EventId == RequestCompletedEventId && e.Category == "Coffer.Server.Edge.AwsEndpoint").ToList();
        Assert.Equal(2, requestLines.Count);
        AssertRequestLine(Assert.Single(requestLines, e => Equals(e.Fields["RequestId"], goodRequestId)), accountId, "GetCallerIdentity", 200);
        AssertRequestLine(Assert.Single(requestLines, e => Equals(e.Fields["RequestId"], badRequestId)), "-", "-", 403);
    }

    private static void AssertRequestLine(CapturedLogEntry line, string account, string operation, int status)
    {
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal(account, line.Fields["AccountId"]);
        Assert.Equal("us-east-1", line.Fields["Region"]);
        Assert.Equal("sts", line.Fields["Service"]);
        Assert.Equal(operation, line.Fields["Operation"]);
        Assert.Equal(status, line.Fields["Status"]);
        Assert.IsType<double>(line.Fields["DurationMs"]);
        var requestId = (string)line.Fields["RequestId"]!;
        Assert.StartsWith($"{requestId} account={account} region=us-east-1 service=sts operation={operation} status={status.ToString(CultureInfo.InvariantCulture)} duration=", line.Message, StringComparison.Ordinal);
        Assert.EndsWith("ms", line.Message, StringComparison.Ordinal);
    }
}
