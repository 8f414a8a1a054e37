using System.Text;
using Coffer.Primitives;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Protocols.Tests.AwsQuery;

public sealed class QueryXmlWriterTests
{
    private const string Namespace = "http://rds.amazonaws.com/doc/2014-10-31/";
    private const string RequestId = "5e0f2c1a-9f57-4b52-8d2f-0c3b4c1d2e3f";

    [Fact]
    public void WriteResponse_ScalarsStructureAndLists_WritesExactXml()
    {
        var bytes = QueryXmlWriter.WriteResponse("DescribeDBClusters", Namespace, RequestId, result =>
        {
            result.Element("Marker", "next-page");
            result.Element("Absent", (string?)null);
            result.List("DBClusters", "DBCluster", new[] { "alpha", "beta" }, (cluster, name) =>
            {
                cluster.Element("DBClusterIdentifier", name);
                cluster.Element("DeletionProtection", true);
                cluster.Element("StorageEncrypted", false);
                cluster.Element("MissingFlag", (bool?)null);
                cluster.Element("AllocatedStorage", 1L);
                cluster.Element("ClusterCreateTime", new DateTimeOffset(2024, 5, 1, 12, 0, 0, 123, TimeSpan.Zero));
                cluster.Structure("Endpoint", endpoint =>
                {
                    endpoint.Element("Address", $"{name}.cluster.local");
                    endpoint.Element("Port", 5432L);
                });
                cluster.StringList("AvailabilityZones", "AvailabilityZone", ["us-east-1a", "us-east-1b"]);
            });
        });

        Assert.Equal(
            """
            <DescribeDBClustersResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
              <DescribeDBClustersResult>
                <Marker>next-page</Marker>
                <DBClusters>
                  <DBCluster>
                    <DBClusterIdentifier>alpha</DBClusterIdentifier>
                    <DeletionProtection>true</DeletionProtection>
                    <StorageEncrypted>false</StorageEncrypted>
                    <AllocatedStorage>1</AllocatedStorage>
                    <ClusterCreateTime>2024-05-01T12:00:00.123Z</ClusterCreateTime>
                    <Endpoint>
                      <Address>alpha.cluster.local</Address>
                      <Port>5432</Port>
                    </Endpoint>
                    <AvailabilityZones>
                      <AvailabilityZone>us-east-1a</AvailabilityZone>
                      <AvailabilityZone>us-east-1b</AvailabilityZone>
                    </AvailabilityZones>
                  </DBCluster>
                  <DBCluster>
                    <DBClusterIdentifier>beta</DBClusterIdentifier>
                    <DeletionProtection>true</DeletionProtection>
                    <StorageEncrypted>false</StorageEncrypted>
                    <AllocatedStorage>1</AllocatedStorage>
                    <ClusterCreateTime>2024-05-01T12:00:00.123Z</ClusterCreateTime>
                    <Endpoint>
                      <Address>beta.cluster.local</Address>
                      <Port>5432</Port>
                    </Endpoint>
                    <AvailabilityZones>
                      <AvailabilityZone>us-east-1a</AvailabilityZone>
                      <AvailabilityZone>us-east-1b</AvailabilityZone>
                    </AvailabilityZones>
                  </DBCluster>
                </DBClusters>
              </DescribeDBClustersResult>
              <ResponseMetadata>
                <RequestId>5e0f2c1a-9f57-4b52-8d2f-0c3b4c1d2e3f</RequestId>
              </ResponseMetadata>
            </DescribeDBClustersResponse>
            """,
            Utf8(bytes));
    }

    [Fact]
    public void WriteResponse_NullResult_WritesNoResultElement()
    {
        var bytes = QueryXmlWriter.WriteResponse("DeleteDBClusterParameterGroup", Namespace, RequestId, writeResult: null);

        Assert.Equal(
            """
            <DeleteDBClusterParameterGroupResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
              <ResponseMetadata>
                <RequestId>5e0f2c1a-9f57-4b52-8d2f-0c3b4c1d2e3f</RequestId>
              </ResponseMetadata>
            </DeleteDBClusterParameterGroupResponse>
            """,
            Utf8(bytes));
    }

    [Fact]
    public void WriteResponse_Bytes_HaveNoByteOrderMarkOrXmlDeclaration()
    {
        var bytes = QueryXmlWriter.WriteResponse("X", Namespace, RequestId, writeResult: null);

        Assert.Equal((byte)'<', bytes[0]);
        Assert.StartsWith("<XResponse ", Utf8(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Element_TimestampWithOffset_IsWrittenInUtc()
    {
        var bytes = QueryXmlWriter.WriteResponse("Op", Namespace, RequestId, r =>
            r.Element("At", new DateTimeOffset(2024, 5, 1, 14, 0, 0, 123, TimeSpan.FromHours(2))));

        Assert.Contains("<At>2024-05-01T12:00:00.123Z</At>", Utf8(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Element_TextNeedingEscaping_IsEscaped()
    {
        var bytes = QueryXmlWriter.WriteResponse("Op", Namespace, "<&>", r =>
        {
            r.Element("Description", "a <&> b \"quoted\" 'single'");
            r.StringList("Names", "member", ["</Names>"]);
        });

        Assert.Equal(
            """
            <OpResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
              <OpResult>
                <Description>a &lt;&amp;&gt; b "quoted" 'single'</Description>
                <Names>
                  <member>&lt;/Names&gt;</member>
                </Names>
              </OpResult>
              <ResponseMetadata>
                <RequestId>&lt;&amp;&gt;</RequestId>
              </ResponseMetadata>
            </OpResponse>
            """,
            Utf8(bytes));
    }

    [Fact]
    public void Element_NonAsciiText_IsWrittenAsUtf8()
    {
        var bytes = QueryXmlWriter.WriteResponse("Op", Namespace, RequestId, r => r.Element("Name", "café 😀"));

        Assert.Contains("<Name>café 😀</Name>", Utf8(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteError_ClientError_WritesSenderType()
    {
        var error = new AwsServiceException("DBClusterNotFoundFault", "DBCluster my-cluster not found.", 404);

        var bytes = QueryXmlWriter.WriteError(Namespace, error.Code, error.Message, error.IsSenderFault, RequestId);

        Assert.Equal(
            """
            <ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
              <Error>
                <Type>Sender</Type>
                <Code>DBClusterNotFoundFault</Code>
                <Message>DBCluster my-cluster not found.</Message>
              </Error>
              <RequestId>5e0f2c1a-9f57-4b52-8d2f-0c3b4c1d2e3f</RequestId>
            </ErrorResponse>
            """,
            Utf8(bytes));
    }

    [Fact]
    public void WriteError_ServerFault_WritesReceiverType()
    {
        var error = new AwsServiceException("InternalFailure", "The request processing has failed because of an unknown error.", 500);

        var bytes = QueryXmlWriter.WriteError(Namespace, error.Code, error.Message, error.IsSenderFault, RequestId);

        Assert.Equal(
            """
            <ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
              <Error>
                <Type>Receiver</Type>
                <Code>InternalFailure</Code>
                <Message>The request processing has failed because of an unknown error.</Message>
              </Error>
              <RequestId>5e0f2c1a-9f57-4b52-8d2f-0c3b4c1d2e3f</RequestId>
            </ErrorResponse>
            """,
            Utf8(bytes));
    }

    [Fact]
    public void WriteError_MessageNeedingEscaping_IsEscaped()
    {
        var bytes = QueryXmlWriter.WriteError(Namespace, "InvalidParameterValue", "Value <&> is invalid", senderFault: true, RequestId);

        Assert.Contains("<Message>Value &lt;&amp;&gt; is invalid</Message>", Utf8(bytes), StringComparison.Ordinal);
    }

    private static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
