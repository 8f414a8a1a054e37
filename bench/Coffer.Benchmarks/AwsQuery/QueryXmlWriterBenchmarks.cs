using BenchmarkDotNet.Attributes;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Benchmarks.AwsQuery;

/// <summary>Writing AWS Query XML: a small result (GetCallerIdentity) and an error.</summary>
[MemoryDiagnoser]
public class QueryXmlWriterBenchmarks
{
    private const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    [Benchmark(Description = "GetCallerIdentity response")]
    public byte[] Response() => QueryXmlWriter.WriteResponse("GetCallerIdentity", Namespace, "7e6a9b1c-0000-0000-0000-000000000000", xml =>
    {
        xml.Element("Arn", "arn:aws:iam::123456789012:user/admin");
        xml.Element("UserId", "AIDAEXAMPLEEXAMPLE123");
        xml.Element("Account", "123456789012");
    });

    [Benchmark(Description = "ErrorResponse")]
    public byte[] Error() => QueryXmlWriter.WriteError(Namespace, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.", senderFault: true, "7e6a9b1c-0000-0000-0000-000000000001");
}
