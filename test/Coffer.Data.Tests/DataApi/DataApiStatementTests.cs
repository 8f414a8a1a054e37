using Coffer.Data.DataApi;
using Coffer.Primitives;

namespace Coffer.Data.Tests.DataApi;

/// <summary>Data API statements against the real cluster stack: values, metadata, the sandbox, the limits.</summary>
public sealed class DataApiStatementTests
{
    [Theory]
    [InlineData("PRAGMA journal_mode=DELETE", "PRAGMA journal_mode cannot be changed")]
    [InlineData("PRAGMA temp_store=FILE", "PRAGMA temp_store cannot be changed")]
    [InlineData("PRAGMA key='x'", "Encryption keys are managed by the DB cluster's KMS key")]
    [InlineData("SELECT load_extension('/tmp/evil.so')", "load_extension is not allowed")]
    [InlineData("ATTACH DATABASE '/tmp/outside.db' AS outside", "ATTACH and DETACH are not allowed")]
    [InlineData("VACUUM INTO '/tmp/copy.db'", "ATTACH and DETACH are not allowed")]
    [InlineData("BEGIN", "Transaction control statements are not allowed")]
    [InlineData("COMMIT", "Transaction control statements are not allowed")]
    [InlineData("SELECT 1; SELECT 2", "Multistatements aren't supported")]
    public async Task Execute_SqlThatWouldLeaveTheSandbox_IsBadRequestWithAClearMessage(string sql, string message)
    {
        await using var bed = await DataApiTestBed.CreateAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync(sql));
        var journal = await bed.ColumnAsync("PRAGMA journal_mode");

        Assert.Equal((DataApiErrors.Codes.BadRequest, 400), (error.Code, error.HttpStatus));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(["wal"], journal);
        Assert.False(File.Exists("/tmp/outside.db") || File.Exists("/tmp/copy.db"));
    }

    [Fact]
    public async Task Execute_ValueThatLooksLikeSql_IsBoundAsData_AndTheTableSurvives()
    {
        const string Hostile = "'); DROP TABLE t; --";
        await using var bed = await DataApiTestBed.CreateAsync();
        await bed.ExecuteAsync("CREATE TABLE t (v TEXT)");

        var inserted = await bed.ExecuteAsync("INSERT INTO t (v) VALUES (:v)", [new SqlParameter("v", Field.FromString(Hostile))]);
        var matched = await bed.ColumnAsync("SELECT count(*) FROM t WHERE v = '''); DROP TABLE t; --'");

        Assert.Equal(1, inserted.NumberOfRecordsUpdated);
        Assert.Equal([Hostile], await bed.ColumnAsync("SELECT v FROM t"));
        Assert.Equal(["1"], matched);
        Assert.Equal(["t"], await bed.ColumnAsync("SELECT name FROM sqlite_schema WHERE type = 'table'"));
    }

    [Fact]
    public async Task Execute_EveryFieldTypeAndTypeHint_RoundTrips()
    {
        await using var bed = await DataApiTestBed.CreateAsync();
        await bed.ExecuteAsync("CREATE TABLE f (id INTEGER PRIMARY KEY, b BOOLEAN, l BIGINT, d DOUBLE, s TEXT, bl BLOB, n TEXT, dt DATE, tm TIME, ts TIMESTAMP, dec DECIMAL(10,2), u UUID, j JSON)");
        byte[] blob = [.. Enumerable.Range(0, 256).Select(i => (byte)i)];
        SqlParameter[] parameters =
        [
            new("b", Field.FromBoolean(true)),
            new("l", Field.FromLong(long.MinValue)),
            new("d", Field.FromDouble(-1.5e-300)),
            new("s", Field.FromString("héllo ✓ 𝄞")),
            new("bl", Field.FromBlob(blob)),
            new("n", Field.Null),
            new("dt", Field.FromString("2026-11-27"), TypeHint.Date),
            new("tm", Field.FromString("23:59:58.125"), TypeHint.Time),
            new("ts", Field.FromString("2026-11-27 23:59:58.125"), TypeHint.Timestamp),
            new("dec", Field.FromString("12345.67"), TypeHint.Decimal),
            new("u", Field.FromString("0F8FAD5B-D9CB-469F-A165-70867728950E"), TypeHint.Uuid),
            new("j", Field.FromString("""{"a":[1,2]}"""), TypeHint.Json),
        ];

        var inserted = await bed.ExecuteAsync("INSERT INTO f (b, l, d, s, bl, n, dt, tm, ts, dec, u, j) VALUES (:b, :l, :d, :s, :bl, :n, :dt, :tm, :ts, :dec, :u, :j)", parameters);
        await bed.ExecuteAsync("INSERT INTO f (l) VALUES (:l)", [new SqlParameter(":l", Field.FromLong(long.MaxValue))]);
        var row = (await bed.ExecuteAsync("SELECT * FROM f ORDER BY id")).Records!;
        var json = (await bed.ExecuteAsync("SELECT id, b, l, d, s, n, dec FROM f WHERE id = 1", format: new ResultFormat { AsJson = true })).FormattedRecords;

        Assert.Equal([Field.FromLong(1)], inserted.GeneratedFields);
        var first = row[0];
        Assert.Equal(Field.FromLong(1), first[0]);
        Assert.Equal(Field.FromBoolean(true), first[1]);
        Assert.Equal(Field.FromLong(long.MinValue), first[2]);
        Assert.Equal(Field.FromDouble(-1.5e-300), first[3]);
        Assert.Equal("héllo ✓ 𝄞", first[4].StringValue);
        Assert.Equal(blob, first[5].BlobValue);
        Assert.Equal(FieldKind.Null, first[6].Kind);
        Assert.Equal(["2026-11-27", "23:59:58.125", "2026-11-27 23:59:58.125", "12345.67", "0f8fad5b-d9cb-469f-a165-70867728950e", """{"a":[1,2]}"""], first[7..].Select(f => f.StringValue));
        Assert.Equal(Field.FromLong(long.MaxValue), row[1][2]);
        using var records = System.Text.Json.JsonDocument.Parse(json!);
        var record = Assert.Single(records.RootElement.EnumerateArray());
        Assert.Equal(
            (1L, true, long.MinValue, -1.5e-300, "héllo ✓ 𝄞", System.Text.Json.JsonValueKind.Null, "12345.67"),
            (record.GetProperty("id").GetInt64(), record.GetProperty("b").GetBoolean(), record.GetProperty("l").GetInt64(), record.GetProperty("d").GetDouble(),
             record.GetProperty("s").GetString(), record.GetProperty("n").ValueKind, record.GetProperty("dec").GetString()));
    }

    [Theory]
    [InlineData(TypeHint.Date, "27/11/2026")]
    [InlineData(TypeHint.Time, "25:00:00")]
    [InlineData(TypeHint.Timestamp, "2026-11-27T12:00:00")]
    [InlineData(TypeHint.Decimal, "12,5")]
    [InlineData(TypeHint.Uuid, "not-a-uuid")]
    [InlineData(TypeHint.Json, "{unquoted:1}")]
    public async Task Execute_HintedStringThatIsNotOfItsType_IsBadRequest(TypeHint hint, string value)
    {
        await using var bed = await DataApiTestBed.CreateAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELECT :v", [new SqlParameter("v", Field.FromString(value), hint)]));

        Assert.Equal(DataApiErrors.Codes.BadRequest, error.Code);
        Assert.StartsWith($"The parameter 'v' is not a valid {hint.ToString().ToUpperInvariant()} value", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_UnknownMissingDuplicateAndPositionalParameters_AreBadRequests()
    {
        await using var bed = await DataApiTestBed.CreateAsync();

        var unknown = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELECT :a", [new("a", Field.FromLong(1)), new("zz", Field.FromLong(2))]));
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELECT :a, :b", [new("a", Field.FromLong(1))]));
        var duplicate = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELECT :a", [new("a", Field.FromLong(1)), new(":a", Field.FromLong(2))]));
        var positional = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELECT ?", [new("1", Field.FromLong(1))]));

        Assert.All([unknown, missing, duplicate, positional], e => Assert.Equal(DataApiErrors.Codes.BadRequest, e.Code));
        Assert.Equal("The parameter 'zz' is not used by the SQL statement.", unknown.Message);
        Assert.Equal("The SQL uses the parameter :b, but no parameter named 'b' is given.", missing.Message);
        Assert.Equal("The parameter 'a' is given more than once.", duplicate.Message);
        Assert.StartsWith("Positional parameters (?) are not supported", positional.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_IncludeResultMetadata_DescribesATableColumnFromItsSchema_AndAnExpressionFromItsValue()
    {
        await using var bed = await DataApiTestBed.CreateAsync();
        await bed.ExecuteAsync("CREATE TABLE p (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, note TEXT, price DECIMAL(10,2))");
        await bed.ExecuteAsync("INSERT INTO p (name, price) VALUES ('a', 1.5)");

        var result = await bed.ExecuteAsync("SELECT id, name, note, price, upper(name) AS shout, id * 2 AS twice FROM p", format: new ResultFormat { IncludeMetadata = true });
        var columns = result.ColumnMetadata!;

        Assert.Equal(["id", "name", "note", "price", "shout", "twice"], columns.Select(c => c.Name));
        Assert.Equal((4, "INTEGER", true, 0, "p", "main"), (columns[0].Type, columns[0].TypeName, columns[0].IsAutoIncrement, columns[0].Nullable, columns[0].TableName, columns[0].SchemaName));
        Assert.Equal((12, "VARCHAR(20)", false, 0, 20, true), (columns[1].Type, columns[1].TypeName, columns[1].IsAutoIncrement, columns[1].Nullable, columns[1].Precision, columns[1].IsCaseSensitive));
        Assert.Equal((12, 1), (columns[2].Type, columns[2].Nullable));
        Assert.Equal((3, 10, 2), (columns[3].Type, columns[3].Precision, columns[3].Scale));
        Assert.Equal((12, "TEXT", 2, string.Empty, string.Empty, false), (columns[4].Type, columns[4].TypeName, columns[4].Nullable, columns[4].TableName, columns[4].SchemaName, columns[4].IsAutoIncrement));
        Assert.Equal((-5, "INTEGER", 2, string.Empty), (columns[5].Type, columns[5].TypeName, columns[5].Nullable, columns[5].TableName));
        Assert.Equal("1.5", result.Records![0][3].StringValue);
    }

    [Fact]
    public async Task Execute_ResultOverOneMebibyte_IsBadRequestWithAwsMessage_ButFitsAsJsonRecords()
    {
        await using var bed = await DataApiTestBed.CreateAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELECT randomblob(800000)"));
        var asJson = await bed.ExecuteAsync("SELECT hex(randomblob(800000)) AS h", format: new ResultFormat { AsJson = true });
        var small = await bed.ExecuteAsync("SELECT randomblob(700000)");

        Assert.Equal((DataApiErrors.Codes.BadRequest, 400), (error.Code, error.HttpStatus));
        Assert.StartsWith("Database returned more than the allowed response size limit", error.Message, StringComparison.Ordinal);
        Assert.True(asJson.FormattedRecords!.Length > 1_600_000);
        Assert.Equal(700000, small.Records![0][0].BlobValue!.Length);
    }

    [Fact]
    public async Task Execute_ResultSetOptions_ReturnDecimalsAsNumbersAndLongsAsStrings()
    {
        await using var bed = await DataApiTestBed.CreateAsync();
        await bed.ExecuteAsync("CREATE TABLE m (price DECIMAL(10,2), n BIGINT, ok BOOLEAN)");
        await bed.ExecuteAsync("INSERT INTO m VALUES (2.5, 42, 1)");

        var byDefault = (await bed.ExecuteAsync("SELECT price, n, ok FROM m")).Records![0];
        var numbers = (await bed.ExecuteAsync("SELECT price, n, ok FROM m", format: new ResultFormat { DecimalAsNumber = true, LongAsString = true })).Records![0];

        Assert.Equal([Field.FromString("2.5"), Field.FromLong(42), Field.FromBoolean(true)], byDefault);
        Assert.Equal([Field.FromDouble(2.5), Field.FromString("42"), Field.FromBoolean(true)], numbers);
    }

    [Fact]
    public async Task Execute_BadSql_IsDatabaseErrorWithSqlitesMessage()
    {
        await using var bed = await DataApiTestBed.CreateAsync();

        var syntax = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELEC 1"));
        var table = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELECT * FROM missing"));

        Assert.Equal((DataApiErrors.Codes.DatabaseError, 400), (syntax.Code, syntax.HttpStatus));
        Assert.Equal("near \"SELEC\": syntax error", syntax.Message);
        Assert.Equal("no such table: missing", table.Message);
    }

    [Fact]
    public async Task Execute_LongStatementPastAShortTimeout_IsCutOff_AndTheWriterIsFreeAfterwards()
    {
        await using var bed = await DataApiTestBed.CreateAsync(new DataApiOptions { StatementTimeout = TimeSpan.FromMilliseconds(300) }, TimeProvider.System);
        await bed.ExecuteAsync("CREATE TABLE t (v INTEGER)");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("INSERT INTO t WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"));
        var elapsed = clock.Elapsed;
        var after = await bed.ExecuteAsync("INSERT INTO t VALUES (1)");

        Assert.Equal(DataApiErrors.Codes.StatementTimeout, error.Code);
        Assert.Equal("The statement ran longer than 0.3 seconds and was cancelled.", error.Message);
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        Assert.Equal(1, after.NumberOfRecordsUpdated);
        Assert.Equal(["1"], await bed.ColumnAsync("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task Execute_WithoutHttpEndpointOrWithTheWrongPassword_IsRefusedBeforeAnySql()
    {
        await using var bed = await DataApiTestBed.CreateAsync();
        var closed = await bed.AvailableClusterAsync("closed", httpEndpoint: false);
        var wrong = await bed.CreateSecretAsync("wrong", """{"username":"admin","password":"nope"}""");
        var notJson = await bed.CreateSecretAsync("plain", "Passw0rd!");

        var endpoint = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELECT 1", clusterArn: closed.Arn));
        var password = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELECT 1", secretArn: wrong));
        var shape = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELECT 1", secretArn: notJson));
        var noInstance = await bed.AvailableClusterAsync("lonely", httpEndpoint: true);
        var writer = await Assert.ThrowsAsync<AwsServiceException>(() => bed.ExecuteAsync("SELECT 1", clusterArn: noInstance.Arn));

        Assert.Equal(DataApiErrors.Codes.HttpEndpointNotEnabled, endpoint.Code);
        Assert.Equal(DataApiErrors.Codes.BadRequest, password.Code);
        Assert.StartsWith("Access denied for user 'admin'", password.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nope", password.Message, StringComparison.Ordinal);
        Assert.Equal(DataApiErrors.Codes.BadRequest, shape.Code);
        Assert.Equal((DataApiErrors.Codes.DatabaseNotFound, 404), (writer.Code, writer.HttpStatus));
    }
}
