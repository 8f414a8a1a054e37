using Coffer.Data.DataApi;
using Coffer.Keys;

namespace Coffer.Server.Services.RdsData.Operations;

/// <summary>BeginTransaction: a transaction on the cluster's writer, used by id in later calls.</summary>
internal sealed class BeginTransactionOperation(DataApiService dataApi) : RdsDataOperation(dataApi)
{
    /// <inheritdoc />
    public override string Name => "BeginTransaction";

    /// <inheritdoc />
    public override string Path => "/BeginTransaction";

    /// <inheritdoc />
    public override async Task<byte[]> ExecuteAsync(KmsCaller caller, RdsDataInput input, int bodyLength, CancellationToken cancellationToken)
    {
        var id = await DataApi.BeginTransactionAsync(caller, ResourceArn(input), SecretArn(input), input.OptionalString("database", 64), input.OptionalString("schema", 64), cancellationToken);
        return RdsDataJson.Object(json => json.WriteString("transactionId", id));
    }
}
