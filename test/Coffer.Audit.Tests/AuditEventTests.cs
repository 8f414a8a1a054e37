using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Primitives;

namespace Coffer.Audit.Tests;

public sealed class AuditEventTests
{
    private static readonly DateTimeOffset At = new(2020, 7, 27, 22, 58, 24, TimeSpan.Zero);

    private static AuditEvent Decrypt() => new()
    {
        UserIdentity = AuditUserIdentity.ForCaller(new CallerIdentity(AccountId.Parse("111122223333"), "AIDAEXAMPLE000000001", "arn:aws:iam::111122223333:user/admin", "AKIAEXAMPLE000000001", "us-east-1")),
        EventTime = At,
        EventSource = "kms.amazonaws.com",
        EventName = "Decrypt",
        AwsRegion = "us-east-1",
        SourceIpAddress = "192.0.2.0",
        UserAgent = "aws-cli/1.45.11",
        RequestParameters = new JsonObject { ["encryptionAlgorithm"] = "SYMMETRIC_DEFAULT" },
        RequestId = "12345126-30d5-4b28-98b9-9153da559963",
        EventId = "abcde202-ba1a-467c-b4ba-f729d45ae521",
        ReadOnly = true,
        Resources = [new AuditResource { AccountId = "111122223333", Type = "AWS::KMS::Key", Arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }],
        RecipientAccountId = "111122223333",
    };

    [Fact]
    public void Serialize_ApiCall_WritesCloudTrailFieldNamesInOrder()
    {
        using var json = JsonDocument.Parse(AuditJson.Serialize(Decrypt()));

        Assert.Equal(
            ["eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent",
             "requestParameters", "responseElements", "requestID", "eventID", "readOnly", "resources", "eventType", "managementEvent",
             "eventCategory", "recipientAccountId"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["type", "principalId", "arn", "accountId", "accessKeyId", "userName"], json.RootElement.GetProperty("userIdentity").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["accountId", "type", "ARN"], json.RootElement.GetProperty("resources")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Serialize_ApiCall_WritesCloudTrailValues()
    {
        var root = JsonNode.Parse(AuditJson.Serialize(Decrypt()))!;

        Assert.Equal("1.11", (string?)root["eventVersion"]);
        Assert.Equal("2020-07-27T22:58:24Z", (string?)root["eventTime"]);
        Assert.Equal(JsonValueKind.Null, root.AsObject()["responseElements"]?.GetValueKind() ?? JsonValueKind.Null);
        Assert.True(root.AsObject().ContainsKey("responseElements"));
        Assert.True((bool)root["readOnly"]!);
        Assert.Equal("AwsApiCall", (string?)root["eventType"]);
        Assert.True((bool)root["managementEvent"]!);
        Assert.Equal("Management", (string?)root["eventCategory"]);
        Assert.Equal("IAMUser", (string?)root["userIdentity"]!["type"]);
        Assert.Equal("admin", (string?)root["userIdentity"]!["userName"]);
    }

    [Fact]
    public void Serialize_ServiceEvent_WritesOnlyAccountAndInvokedByAndDetails()
    {
        var rotate = Decrypt() with
        {
            UserIdentity = AuditUserIdentity.ForService(AccountId.Parse("111122223333")),
            EventName = "RotateKey",
            EventType = AuditEventTypes.AwsServiceEvent,
            SourceIpAddress = "AWS Internal",
            UserAgent = "AWS Internal",
            RequestParameters = null,
            ServiceEventDetails = new JsonObject { ["keyId"] = "1234abcd-12ab-34cd-56ef-1234567890ab" },
        };

        var root = JsonNode.Parse(AuditJson.Serialize(rotate))!.AsObject();

        Assert.Equal(["accountId", "invokedBy"], root["userIdentity"]!.AsObject().Select(p => p.Key));
        Assert.Equal("AWS Internal", (string?)root["userIdentity"]!["invokedBy"]);
        Assert.Equal("AwsServiceEvent", (string?)root["eventType"]);
        Assert.Equal("1234abcd-12ab-34cd-56ef-1234567890ab", (string?)root["serviceEventDetails"]!["keyId"]);
        Assert.Null(root["requestParameters"]);
        Assert.True(root.ContainsKey("requestParameters"));
    }

    [Fact]
    public void Serialize_Failure_WritesErrorCodeAndMessage()
    {
        var failed = Decrypt() with { ErrorCode = "IncorrectKeyException", ErrorMessage = "The key ID in the request does not identify a CMK that can perform this operation." };

        var root = JsonNode.Parse(AuditJson.Serialize(failed))!;

        Assert.Equal("IncorrectKeyException", (string?)root["errorCode"]);
        Assert.StartsWith("The key ID", (string?)root["errorMessage"], StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_Serialized_RoundTrips()
    {
        var original = Decrypt();

        var json = AuditJson.Serialize(original);
        var copy = AuditJson.Deserialize(json);

        Assert.Equal(json, AuditJson.Serialize(copy));
        Assert.Equal(original.EventTime, copy.EventTime);
        Assert.Equal(original.Resources, copy.Resources);
    }
}
