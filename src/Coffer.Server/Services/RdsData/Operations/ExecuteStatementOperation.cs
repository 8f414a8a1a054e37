using Coffer.Data.DataApi;
using Coffer.Keys;

namespace Coffer.Server.Services.RdsData.Operations;

/// <summary>ExecuteStatement: one SQL statement, with named parameters, in a transaction or on its own.</summary>
internal sealed class ExecuteStatementOperation(DataApiService dataApi) : RdsDataOperation(dataApi)
{
    /// <inheritdoc />
    public override string Name => "ExecuteStatement";

    /// <inheritdoc />
    public override string Path => "/Execute";

    /// <inheritdoc />
    public override async Task<byte[]> ExecuteAsync(KmsCaller caller, RdsDataInput input, int bodyLength, CancellationToken cancellationToken)
    {
        var request = new ExecuteStatementRequest
        {
            ResourceArn = ResourceArn(input),
            SecretArn = SecretArn(input),
            Sql = input.RequiredString("sql", 0, 65536),
            Database = input.OptionalString("database", 64),
            Schema = input.OptionalString("schema", 64),
            Parameters = input.Parameters(),
            TransactionId = TransactionId(input),
            ContinueAfterTimeout = input.Bool("continueAfterTimeout"),
            Format = input.Format(),
        };
        var result = await DataApi.ExecuteStatementAsync(caller, request, cancellationToken);
        return RdsDataJson.Object(json =>
        {
            if (result.Records is { } records)
            {
                json.WriteStartArray("records");
                foreach (var row in records)
                {
                    json.WriteStartArray();
                    foreach (var field in row)
                    {
                        RdsDataJson.WriteField(json, field);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndArray();
            }

            if (result.ColumnMetadata is { } columns)
            {
                json.WriteStartArray("columnMetadata");
                foreach (var column in columns)
                {
                    RdsDataJson.WriteColumn(json, column);
                }

                json.WriteEndArray();
            }

            json.WriteNumber("numberOfRecordsUpdated", result.NumberOfRecordsUpdated);
            RdsDataJson.WriteFields(json, "generatedFields", result.GeneratedFields);
            if (result.FormattedRecords is { } formatted)
            {
                json.WriteString("formattedRecords", formatted);
            }
        });
    }
}
