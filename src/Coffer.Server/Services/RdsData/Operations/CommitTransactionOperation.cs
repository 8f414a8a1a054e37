using Coffer.Data.DataApi;
using Coffer.Keys;

namespace Coffer.Server.Services.RdsData.Operations;

/// <summary>CommitTransaction.</summary>
internal sealed class CommitTransactionOperation(DataApiService dataApi) : RdsDataOperation(dataApi)
{
    /// <inheritdoc />
    public override string Name => "CommitTransaction";

    /// <inheritdoc />
    public override string Path => "/CommitTransaction";

    /// <inheritdoc />
    public override async Task<byte[]> ExecuteAsync(KmsCaller caller, RdsDataInput input, int bodyLength, CancellationToken cancellationToken)
    {
        var status = await DataApi.CommitTransactionAsync(caller, ResourceArn(input), SecretArn(input), input.RequiredString("transactionId", 0, 192), cancellationToken);
        return RdsDataJson.Object(json => json.WriteString("transactionStatus", status));
    }
}
