using Coffer.Data.DataApi;
using Coffer.Keys;

namespace Coffer.Server.Services.RdsData.Operations;

/// <summary>RollbackTransaction.</summary>
internal sealed class RollbackTransactionOperation(DataApiService dataApi) : RdsDataOperation(dataApi)
{
    /// <inheritdoc />
    public override string Name => "RollbackTransaction";

    /// <inheritdoc />
    public override string Path => "/RollbackTransaction";

    /// <inheritdoc />
    public override async Task<byte[]> ExecuteAsync(KmsCaller caller, RdsDataInput input, int bodyLength, CancellationToken cancellationToken)
    {
        var status = await DataApi.RollbackTransactionAsync(caller, ResourceArn(input), SecretArn(input), input.RequiredString("transactionId", 0, 192), cancellationToken);
        return RdsDataJson.Object(json => json.WriteString("transactionStatus", status));
    }
}
