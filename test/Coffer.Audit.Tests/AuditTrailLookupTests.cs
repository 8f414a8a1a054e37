using Coffer.Primitives;

namespace Coffer.Audit.Tests;

public sealed class AuditTrailLookupTests
{
    private const string Key1 = "arn:aws:kms:us-east-1:111122223333:key/11111111-1111-1111-1111-111111111111";
    private const string Key2 = "arn:aws:kms:us-east-1:111122223333:key/22222222-2222-2222-2222-222222222222";
    private const string Cluster = "arn:aws:rds:us-east-1:111122223333:cluster:db1";

    /// <summary>Four events a second apart, oldest first: Decrypt, CreateGrant, Encrypt, CreateDBCluster.</summary>
    private static async Task<List<AuditEvent>> SeedAsync(AuditTestBed bed)
    {
        var t = AuditTestBed.Start;
        List<AuditEvent> events =
        [
            bed.Event("Decrypt", t.AddSeconds(-3), keyArn: Key1, userName: "admin", accessKeyId: "AKIAADMIN00000000001"),
            bed.Event("CreateGrant", t.AddSeconds(-2), keyArn: Key2, readOnly: false, userName: "bob", accessKeyId: "AKIABOB0000000000001"),
            bed.Event("Encrypt", t.AddSeconds(-1), keyArn: Key2, userName: "admin", accessKeyId: "AKIAADMIN00000000001"),
            bed.Event("CreateDBCluster", t, readOnly: false, userName: "bob", accessKeyId: "AKIABOB0000000000001", eventSource: "rds.amazonaws.com") with
            {
                Resources =
                [
                    new AuditResource { AccountId = "111122223333", Type = "AWS::RDS::DBCluster", Arn = Cluster },
                    new AuditResource { AccountId = "111122223333", Type = "AWS::KMS::Key", Arn = Key1 },
                ],
            },
        ];
        foreach (var e in events)
        {
            await bed.Trail.RecordAsync(e);
        }

        await bed.Trail.FlushAsync();
        return events;
    }

    [Theory]
    [InlineData(AuditLookupAttributeKey.EventName, "Encrypt", "Encrypt")]
    [InlineData(AuditLookupAttributeKey.ReadOnly, "true", "Encrypt,Decrypt")]
    [InlineData(AuditLookupAttributeKey.ReadOnly, "false", "CreateDBCluster,CreateGrant")]
    [InlineData(AuditLookupAttributeKey.Username, "bob", "CreateDBCluster,CreateGrant")]
    [InlineData(AuditLookupAttributeKey.ResourceType, "AWS::KMS::Key", "CreateDBCluster,Encrypt,CreateGrant,Decrypt")]
    [InlineData(AuditLookupAttributeKey.ResourceType, "AWS::RDS::DBCluster", "CreateDBCluster")]
    [InlineData(AuditLookupAttributeKey.ResourceName, Key1, "CreateDBCluster,Decrypt")]
    [InlineData(AuditLookupAttributeKey.ResourceName, Key2, "Encrypt,CreateGrant")]
    [InlineData(AuditLookupAttributeKey.EventSource, "kms.amazonaws.com", "Encrypt,CreateGrant,Decrypt")]
    [InlineData(AuditLookupAttributeKey.AccessKeyId, "AKIAADMIN00000000001", "Encrypt,Decrypt")]
    [InlineData(AuditLookupAttributeKey.EventName, "encrypt", "")]
    [InlineData(AuditLookupAttributeKey.ReadOnly, "TRUE", "")]
    public async Task LookupAsync_ByAttribute_ReturnsExactlyTheMatchingEventsNewestFirst(AuditLookupAttributeKey key, string value, string expected)
    {
        await using var bed = await AuditTestBed.StartAsync();
        await SeedAsync(bed);

        var found = await bed.LookupAllAsync(AuditTestBed.Query(new AuditLookupFilter(key, value)));

        Assert.Equal(expected, string.Join(',', found.Select(r => r.Event.EventName)));
    }

    [Fact]
    public async Task LookupAsync_ByEventId_ReturnsThatEvent()
    {
        await using var bed = await AuditTestBed.StartAsync();
        var events = await SeedAsync(bed);

        var found = await bed.LookupAllAsync(AuditTestBed.Query(new AuditLookupFilter(AuditLookupAttributeKey.EventId, events[1].EventId)));

        Assert.Equal(events[1].EventId, Assert.Single(found).Event.EventId);
    }

    [Fact]
    public async Task LookupAsync_NoAttribute_ReturnsAllNewestFirst()
    {
        await using var bed = await AuditTestBed.StartAsync();
        await SeedAsync(bed);

        var found = await bed.LookupAllAsync(AuditTestBed.Query());

        Assert.Equal("CreateDBCluster,Encrypt,CreateGrant,Decrypt", string.Join(',', found.Select(r => r.Event.EventName)));
    }

    [Fact]
    public async Task LookupAsync_TimeRange_IsInclusiveAtBothEnds()
    {
        await using var bed = await AuditTestBed.StartAsync();
        await SeedAsync(bed);
        var t = AuditTestBed.Start;

        var middle = await bed.LookupAllAsync(AuditTestBed.Query(start: t.AddSeconds(-2), end: t.AddSeconds(-1)));
        var single = await bed.LookupAllAsync(AuditTestBed.Query(start: t.AddSeconds(-2), end: t.AddSeconds(-2)));
        var fractional = await bed.LookupAllAsync(AuditTestBed.Query(start: t.AddSeconds(-2.5), end: t.AddSeconds(-1.5)));
        var withAttribute = await bed.LookupAllAsync(AuditTestBed.Query(new AuditLookupFilter(AuditLookupAttributeKey.ReadOnly, "true"), start: t.AddSeconds(-1)));

        Assert.Equal("Encrypt,CreateGrant", string.Join(',', middle.Select(r => r.Event.EventName)));
        Assert.Equal("CreateGrant", Assert.Single(single).Event.EventName);
        Assert.Equal("CreateGrant", Assert.Single(fractional).Event.EventName);
        Assert.Equal("Encrypt", Assert.Single(withAttribute).Event.EventName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LookupAsync_PagesOfTwo_CoverEveryEventOnceNewestFirst(bool withAttribute)
    {
        await using var bed = await AuditTestBed.StartAsync();
        var t = AuditTestBed.Start;
        // Nine events; several share a second, and they are recorded out of time order.
        int[] offsets = [-5, -1, -3, -3, 0, -5, -2, -3, -4];
        var recorded = new List<AuditEvent>();
        foreach (var offset in offsets)
        {
            var e = bed.Event(time: t.AddSeconds(offset));
            recorded.Add(e);
            await bed.Trail.RecordAsync(e);
        }

        await bed.Trail.FlushAsync();
        var attribute = withAttribute ? new AuditLookupFilter(AuditLookupAttributeKey.EventSource, "kms.amazonaws.com") : null;

        var pages = new List<AuditPage>();
        string? token = null;
        do
        {
            var page = await bed.Trail.LookupAsync(AuditTestBed.Query(attribute, maxResults: 2, nextToken: token), default);
            pages.Add(page);
            token = page.NextToken;
        }
        while (token is not null);

        Assert.Equal(5, pages.Count);
        Assert.All(pages.SkipLast(1), p => Assert.Equal(2, p.Events.Count));
        Assert.Single(pages[^1].Events);
        // Newest first; within one second, the later recorded first.
        var expected = recorded.Select((e, i) => (e, i)).OrderByDescending(x => x.e.EventTime).ThenByDescending(x => x.i).Select(x => x.e.EventId);
        Assert.Equal(expected, pages.SelectMany(p => p.Events).Select(r => r.Event.EventId));
    }

    [Fact]
    public async Task LookupAsync_ExactlyOnePageOfResults_HasNoNextToken()
    {
        await using var bed = await AuditTestBed.StartAsync();
        await SeedAsync(bed);

        var page = await bed.Trail.LookupAsync(AuditTestBed.Query(maxResults: 4), default);

        Assert.Equal(4, page.Events.Count);
        Assert.Null(page.NextToken);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("")]
    [InlineData("AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")]
    public async Task LookupAsync_UnparsableToken_ThrowsInvalidNextToken(string token)
    {
        await using var bed = await AuditTestBed.StartAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Trail.LookupAsync(AuditTestBed.Query(nextToken: token), default));

        Assert.Equal("InvalidNextTokenException", error.Code);
        Assert.Equal(400, error.HttpStatus);
    }

    [Fact]
    public async Task LookupAsync_TokenOfOtherParameters_ThrowsInvalidNextToken()
    {
        await using var bed = await AuditTestBed.StartAsync();
        await SeedAsync(bed);
        var token = (await bed.Trail.LookupAsync(AuditTestBed.Query(maxResults: 1), default)).NextToken!;

        var otherAttribute = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Trail.LookupAsync(
            AuditTestBed.Query(new AuditLookupFilter(AuditLookupAttributeKey.EventName, "Decrypt"), maxResults: 1, nextToken: token), default));
        var otherAccount = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Trail.LookupAsync(
            AuditTestBed.Query(account: AuditTestBed.OtherAccount, maxResults: 1, nextToken: token), default));
        var otherRange = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Trail.LookupAsync(
            AuditTestBed.Query(maxResults: 1, nextToken: token, start: AuditTestBed.Start.AddDays(-1)), default));
        var otherPageSize = await bed.Trail.LookupAsync(AuditTestBed.Query(maxResults: 3, nextToken: token), default);

        Assert.All([otherAttribute, otherAccount, otherRange], e => Assert.Equal("InvalidNextTokenException", e.Code));
        Assert.Equal(3, otherPageSize.Events.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    [InlineData(-1)]
    public async Task LookupAsync_MaxResultsOutOfRange_ThrowsInvalidMaxResults(int maxResults)
    {
        await using var bed = await AuditTestBed.StartAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Trail.LookupAsync(AuditTestBed.Query(maxResults: maxResults), default));

        Assert.Equal("InvalidMaxResultsException", error.Code);
    }

    [Fact]
    public async Task LookupAsync_MaxResultsAtLimits_IsAccepted()
    {
        await using var bed = await AuditTestBed.StartAsync();
        await SeedAsync(bed);

        Assert.Single((await bed.Trail.LookupAsync(AuditTestBed.Query(maxResults: 1), default)).Events);
        Assert.Equal(4, (await bed.Trail.LookupAsync(AuditTestBed.Query(maxResults: 50), default)).Events.Count);
    }

    [Fact]
    public async Task LookupAsync_StartAfterEnd_ThrowsInvalidTimeRange()
    {
        await using var bed = await AuditTestBed.StartAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Trail.LookupAsync(
            AuditTestBed.Query(start: AuditTestBed.Start, end: AuditTestBed.Start.AddSeconds(-1)), default));

        Assert.Equal("InvalidTimeRangeException", error.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2001)]
    public async Task LookupAsync_AttributeValueLengthOutOfRange_ThrowsInvalidLookupAttributes(int length)
    {
        await using var bed = await AuditTestBed.StartAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Trail.LookupAsync(
            AuditTestBed.Query(new AuditLookupFilter(AuditLookupAttributeKey.EventName, new string('a', length))), default));

        Assert.Equal("InvalidLookupAttributesException", error.Code);
    }
}
