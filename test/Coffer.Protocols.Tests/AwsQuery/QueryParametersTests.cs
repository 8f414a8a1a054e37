using Coffer.Primitives;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Protocols.Tests.AwsQuery;

public sealed class QueryParametersTests
{
    [Fact]
    public void TryCreate_DistinctNames_KeepsEveryParameter()
    {
        Assert.True(QueryParameters.TryCreate([new("Action", "DescribeDBClusters"), new("Version", "2014-10-31")], out var parameters, out var duplicate));

        Assert.Null(duplicate);
        Assert.Equal(2, parameters.Count);
        Assert.Equal(["Action", "Version"], parameters.Names.Order(StringComparer.Ordinal));
        Assert.Equal("DescribeDBClusters", parameters.GetString("Action"));
    }

    [Fact]
    public void TryCreate_NameGivenTwice_ReturnsFalseWithName()
    {
        Assert.False(QueryParameters.TryCreate(
            [new("Action", "DescribeDBClusters"), new("MaxRecords", "20"), new("MaxRecords", "30")], out var parameters, out var duplicate));

        Assert.Equal("MaxRecords", duplicate);
        Assert.Equal(0, parameters.Count);
    }

    [Fact]
    public void TryCreate_NamesDifferingOnlyInCase_AreDistinct()
    {
        Assert.True(QueryParameters.TryCreate([new("marker", "a"), new("Marker", "b")], out var parameters, out _));

        Assert.Equal("a", parameters.GetString("marker"));
        Assert.Equal("b", parameters.GetString("Marker"));
    }

    [Fact]
    public void GetString_Absent_ReturnsNull()
    {
        Assert.Null(Create().GetString("DBClusterIdentifier"));
    }

    [Fact]
    public void GetRequiredString_Present_ReturnsValue()
    {
        Assert.Equal("my-cluster", Create(("DBClusterIdentifier", "my-cluster")).GetRequiredString("DBClusterIdentifier"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GetRequiredString_AbsentOrEmpty_ThrowsMissingParameter(bool presentButEmpty)
    {
        var parameters = presentButEmpty ? Create(("DBClusterIdentifier", "")) : Create();

        var error = Assert.Throws<AwsServiceException>(() => parameters.GetRequiredString("DBClusterIdentifier"));

        Assert.Equal("MissingParameter", error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal("The request must contain the parameter DBClusterIdentifier.", error.Message);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("True", true)]
    [InlineData("FALSE", false)]
    public void GetBoolean_TrueOrFalseInAnyCase_Parses(string value, bool expected)
    {
        Assert.Equal(expected, Create(("DeletionProtection", value)).GetBoolean("DeletionProtection"));
    }

    [Fact]
    public void GetBoolean_Absent_ReturnsNull()
    {
        Assert.Null(Create().GetBoolean("DeletionProtection"));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("")]
    public void GetBoolean_Invalid_ThrowsInvalidParameterValue(string value)
    {
        var error = Assert.Throws<AwsServiceException>(() => Create(("DeletionProtection", value)).GetBoolean("DeletionProtection"));

        Assert.Equal("InvalidParameterValue", error.Code);
        Assert.Equal($"Invalid value '{value}' for DeletionProtection: expected true or false.", error.Message);
    }

    [Theory]
    [InlineData("20", 20)]
    [InlineData("-1", -1)]
    [InlineData("2147483647", int.MaxValue)]
    public void GetInt32_Integer_Parses(string value, int expected)
    {
        Assert.Equal(expected, Create(("MaxRecords", value)).GetInt32("MaxRecords"));
    }

    [Theory]
    [InlineData("twenty")]
    [InlineData("20.5")]
    [InlineData("2147483648")]
    [InlineData(" 20")]
    [InlineData("1e3")]
    [InlineData("")]
    public void GetInt32_Invalid_ThrowsInvalidParameterValue(string value)
    {
        var error = Assert.Throws<AwsServiceException>(() => Create(("MaxRecords", value)).GetInt32("MaxRecords"));

        Assert.Equal("InvalidParameterValue", error.Code);
        Assert.Equal($"Invalid value '{value}' for MaxRecords: expected an integer.", error.Message);
    }

    [Theory]
    [InlineData("2024-05-01T12:30:00Z")]
    [InlineData("2024-05-01T12:30:00.000Z")]
    [InlineData("2024-05-01T14:30:00+02:00")]
    public void GetTimestamp_Iso8601_ParsesAsUtc(string value)
    {
        var timestamp = Create(("RestoreToTime", value)).GetTimestamp("RestoreToTime");

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 30, 0, TimeSpan.Zero), timestamp);
        Assert.Equal(TimeSpan.Zero, timestamp!.Value.Offset);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("")]
    public void GetTimestamp_Invalid_ThrowsInvalidParameterValue(string value)
    {
        var error = Assert.Throws<AwsServiceException>(() => Create(("RestoreToTime", value)).GetTimestamp("RestoreToTime"));

        Assert.Equal("InvalidParameterValue", error.Code);
        Assert.StartsWith($"Invalid value '{value}' for RestoreToTime: expected an ISO-8601 timestamp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetList_MemberStyleGivenOutOfOrder_ReturnsValuesInIndexOrder()
    {
        var parameters = Create(("Ids.member.3", "c"), ("Ids.member.1", "a"), ("Action", "X"), ("Ids.member.2", "b"));

        Assert.Equal(["a", "b", "c"], parameters.GetList("Ids"));
    }

    [Fact]
    public void GetList_LocationNameStyle_ReturnsValuesInIndexOrder()
    {
        var parameters = Create(("Ids.Id.2", "second"), ("Ids.Id.1", "first"));

        Assert.Equal(["first", "second"], parameters.GetList("Ids"));
    }

    [Fact]
    public void GetList_TenOrMoreMembers_OrdersNumerically()
    {
        var pairs = Enumerable.Range(1, 11).Select(i => ($"Ids.member.{i}", $"v{i}")).Reverse().ToArray();

        Assert.Equal(Enumerable.Range(1, 11).Select(i => $"v{i}"), Create(pairs).GetList("Ids"));
    }

    [Fact]
    public void GetList_Absent_ReturnsEmpty()
    {
        Assert.Empty(Create(("IdsOther.member.1", "x"), ("Idsx", "y")).GetList("Ids"));
    }

    [Fact]
    public void GetList_GapInNumbering_ThrowsInvalidParameterValue()
    {
        var parameters = Create(("Ids.member.1", "a"), ("Ids.member.3", "c"));

        var error = Assert.Throws<AwsServiceException>(() => parameters.GetList("Ids"));

        Assert.Equal("InvalidParameterValue", error.Code);
        Assert.Equal("The members of Ids must be numbered 1, 2, 3… without gaps; member 2 is missing.", error.Message);
    }

    [Fact]
    public void GetList_NotStartingAtOne_ThrowsInvalidParameterValue()
    {
        var error = Assert.Throws<AwsServiceException>(() => Create(("Ids.member.2", "b")).GetList("Ids"));

        Assert.Equal("InvalidParameterValue", error.Code);
        Assert.EndsWith("member 1 is missing.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ids.member.0")]
    [InlineData("Ids.member.x")]
    [InlineData("Ids.member.-1")]
    [InlineData("Ids.member.")]
    [InlineData("Ids.1")]
    public void GetList_InvalidIndex_ThrowsInvalidParameterValue(string name)
    {
        var error = Assert.Throws<AwsServiceException>(() => Create((name, "v")).GetList("Ids"));

        Assert.Equal("InvalidParameterValue", error.Code);
    }

    [Fact]
    public void GetList_OfStructures_ThrowsInvalidParameterValue()
    {
        var error = Assert.Throws<AwsServiceException>(() => Create(("Tags.Tag.1.Key", "k")).GetList("Tags"));

        Assert.Equal("InvalidParameterValue", error.Code);
        Assert.Equal("Tags is a list of values, not of structures.", error.Message);
    }

    [Fact]
    public void GetStructureList_TagStyle_ReturnsFieldsPerElementInIndexOrder()
    {
        var parameters = Create(("Tags.Tag.2.Key", "team"), ("Tags.Tag.1.Key", "env"), ("Tags.Tag.1.Value", "prod"));

        var tags = parameters.GetStructureList("Tags");

        Assert.Equal(2, tags.Count);
        Assert.Equal(new Dictionary<string, string> { ["Key"] = "env", ["Value"] = "prod" }, tags[0]);
        Assert.Equal(new Dictionary<string, string> { ["Key"] = "team" }, tags[1]);
    }

    [Fact]
    public void GetStructureList_GapInNumbering_ThrowsInvalidParameterValue()
    {
        var parameters = Create(("Tags.Tag.1.Key", "env"), ("Tags.Tag.3.Key", "team"));

        var error = Assert.Throws<AwsServiceException>(() => parameters.GetStructureList("Tags"));

        Assert.Equal("InvalidParameterValue", error.Code);
    }

    private static QueryParameters Create(params (string Name, string Value)[] pairs)
    {
        Assert.True(QueryParameters.TryCreate(pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)), out var parameters, out _));
        return parameters;
    }
}
