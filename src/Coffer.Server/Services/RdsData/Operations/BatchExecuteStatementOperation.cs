using Coffer.Data.DataApi;
using Coffer.Keys;

namespace Coffer.Server.Services.RdsData.Operations;

/// <summary>BatchExecuteStatement: one SQL statement run once per parameter set, all or nothing.</summary>
internal sealed class BatchExecuteStatementOperation(DataApiService dataApi) : RdsDataOperation(dataApi)
{
    /// <inheritdoc />
    public override string Name => "BatchExecuteStatement";

    /// <inheritdoc />
    public override string Path => "/BatchExecute";

    /// <inheritdoc />
    public override async Task<byte[]> ExecuteAsync(KmsCaller caller, RdsDataInput input, int bodyLength, CancellationToken cancellationToken)
    {
        if (bodyLength > DataApi.Options.BatchRequestLimitBytes)
        {
            throw DataApiErrors.BadRequest($"The BatchExecuteStatement request is {bodyLength} bytes; the limit is {DataApi.Options.BatchRequestLimitBytes / (1024 * 1024)} MiB. Split the parameter sets over several calls.");
        }

        var request = new ExecuteStatementRequest
        {
            ResourceArn = ResourceArn(input),
            SecretArn = SecretArn(input),
            Sql = input.RequiredString("sql", 0, 65536),
            Database = input.OptionalString("database", 64),
            Schema = input.OptionalString("schema", 64),
            ParameterSets = input.ParameterSets(),
            TransactionId = TransactionId(input),
        };
        var results = await DataApi.BatchExecuteStatementAsync(caller, request, cancellationToken);
        return RdsDataJson.Object(json =>
        {
            json.WriteStartArray("updateResults");
            foreach (var generated in results)
            {
                json.WriteStartObject();
                RdsDataJson.WriteFields(json, "generatedFields", generated);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }
}
