namespace Coffer.Compatibility.Tests.Tooling;

/// <summary>Python shared by the boto3 scripts.</summary>
public static class PythonScripts
{
    /// <summary>
    /// Imports, and <c>call(f)</c>: runs <c>f</c> and returns what a test needs to know as a dict, either its result
    /// or the <c>ClientError</c> botocore parsed (code, message, HTTP status, request id).
    /// </summary>
    public const string Prelude = """
        import json, sys
        import boto3
        import botocore.exceptions

        def call(f):
            try:
                return {'raised': None, 'result': f()}
            except botocore.exceptions.ClientError as e:
                return {
                    'raised': 'ClientError',
                    'code': e.response['Error'].get('Code', ''),
                    'message': e.response['Error'].get('Message', ''),
                    'status': e.response['ResponseMetadata'].get('HTTPStatusCode', 0),
                    'requestId': e.response['ResponseMetadata'].get('RequestId', ''),
                }

        """;
}
