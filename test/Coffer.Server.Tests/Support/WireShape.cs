namespace Coffer.Server.Tests.Support;

/// <summary>The three request shapes the endpoint tells apart, each with the error shape of its protocol.</summary>
public enum WireShape
{
    /// <summary>AWS Query: a form body with <c>Action</c>, signed for <c>sts</c>; errors are <c>&lt;ErrorResponse&gt;</c> XML.</summary>
    Query,

    /// <summary>AWS JSON 1.1: <c>X-Amz-Target</c>, signed for <c>kms</c> (ListKeys); errors are <c>__type</c> + <c>message</c>.</summary>
    Json,

    /// <summary>REST-JSON: <c>POST /Execute</c> with <c>application/json</c>, signed for <c>lambda</c> (a REST-JSON service Coffer does not serve); errors carry <c>x-amzn-ErrorType</c>.</summary>
    RestJson,
}
