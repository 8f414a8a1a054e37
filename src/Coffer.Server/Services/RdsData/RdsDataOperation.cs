using Coffer.Data.DataApi;
using Coffer.Keys;

namespace Coffer.Server.Services.RdsData;

/// <summary>One Data API operation, chosen by its request path.</summary>
internal abstract class RdsDataOperation(DataApiService dataApi)
{
    /// <summary>The Data API.</summary>
    protected DataApiService DataApi { get; } = dataApi;

    /// <summary>The operation name.</summary>
    public abstract string Name { get; }

    /// <summary>The request path (<c>/Execute</c>…).</summary>
    public abstract string Path { get; }

    /// <summary>Runs the operation for <paramref name="caller"/> and returns the response body.</summary>
    public abstract Task<byte[]> ExecuteAsync(KmsCaller caller, RdsDataInput input, int bodyLength, CancellationToken cancellationToken);

    /// <summary>The <c>resourceArn</c> member (11–100 characters).</summary>
    protected static string ResourceArn(RdsDataInput input) => input.RequiredString("resourceArn", 11, 100);

    /// <summary>The <c>secretArn</c> member (11–100 characters).</summary>
    protected static string SecretArn(RdsDataInput input) => input.RequiredString("secretArn", 11, 100);

    /// <summary>The <c>transactionId</c> member (0–192 characters), if any.</summary>
    protected static string? TransactionId(RdsDataInput input) => input.OptionalString("transactionId", 192) is { Length: > 0 } id ? id : null;
}
