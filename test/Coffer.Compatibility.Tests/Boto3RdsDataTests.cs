using Coffer.Compatibility.Tests.Tooling;
using Coffer.TestKit;

namespace Coffer.Compatibility.Tests;

/// <summary>
/// boto3's <c>rds-data</c> client against a real server: parameters and transactions as an application writes them,
/// and every error raised as its modelled exception class, so that <c>except client.exceptions.X</c> matches.
/// </summary>
[Trait("Category", "Slow")]
public sealed class Boto3RdsDataTests
{
    [Fact]
    public async Task ExecuteStatementAndTransactions_RoundTripParameters_AndErrorsMatchTheirModelledExceptions()
    {
        await using var server = await CofferTestServer.StartAsync();
        var boto3 = new Boto3(server.AwsEnvironment);

        var output = await boto3.RunJsonAsync(PythonScripts.Prelude + """
            import base64
            rds = boto3.client('rds')
            sm = boto3.client('secretsmanager')
            data = boto3.client('rds-data')
            def cluster(name, http):
                arn = rds.create_db_cluster(DBClusterIdentifier=name, Engine='sqlite', MasterUsername='admin', MasterUserPassword='Passw0rd!',
                                            StorageEncrypted=True, EnableHttpEndpoint=http)['DBCluster']['DBClusterArn']
                rds.get_waiter('db_cluster_available').wait(DBClusterIdentifier=name, WaiterConfig={'Delay': 1, 'MaxAttempts': 60})
                return arn
            arn = cluster('app', True)
            rds.create_db_instance(DBInstanceIdentifier='app-1', DBClusterIdentifier='app', Engine='sqlite', DBInstanceClass='db.r5.large')
            closed = cluster('closed', False)
            secret = sm.create_secret(Name='app/master', SecretString=json.dumps({'username': 'admin', 'password': 'Passw0rd!'}))['ARN']
            db = dict(resourceArn=arn, secretArn=secret)

            data.execute_statement(**db, sql='CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price DECIMAL(10,2), raw BLOB, ok BOOLEAN)')
            inserted = data.execute_statement(**db, sql='INSERT INTO items (name, price, raw, ok) VALUES (:name, :price, :raw, :ok)', parameters=[
                {'name': 'name', 'value': {'stringValue': "O'Brien; DROP TABLE items"}},
                {'name': 'price', 'value': {'stringValue': '19.99'}, 'typeHint': 'DECIMAL'},
                {'name': 'raw', 'value': {'blobValue': b'\x00\x01\xfe\xff'}},
                {'name': 'ok', 'value': {'booleanValue': True}}])
            tx = data.begin_transaction(**db)['transactionId']
            data.execute_statement(**db, transactionId=tx, sql='INSERT INTO items (name) VALUES (:name)', parameters=[{'name': 'name', 'value': {'stringValue': 'in tx'}}])
            committed = data.commit_transaction(**db, transactionId=tx)['transactionStatus']
            tx2 = data.begin_transaction(**db)['transactionId']
            data.execute_statement(**db, transactionId=tx2, sql="INSERT INTO items (name) VALUES ('rolled back')")
            rolled = data.rollback_transaction(**db, transactionId=tx2)['transactionStatus']
            selected = data.execute_statement(**db, sql='SELECT id, name, price, raw, ok FROM items ORDER BY id', includeResultMetadata=True)

            matched = {}
            def expect(name, exception, f):
                try:
                    f()
                    matched[name] = 'no error'
                except exception as e:
                    matched[name] = e.response['Error']['Code'] + ' ' + str(e.response['ResponseMetadata']['HTTPStatusCode'])
                except botocore.exceptions.ClientError as e:
                    matched[name] = 'unmodelled ' + e.response['Error']['Code']
            expect('badRequest', data.exceptions.BadRequestException,
                   lambda: data.execute_statement(**db, sql='SELECT :a', parameters=[{'name': 'a', 'value': {'longValue': 1}}, {'name': 'b', 'value': {'longValue': 2}}]))
            expect('databaseError', data.exceptions.DatabaseErrorException, lambda: data.execute_statement(**db, sql='SELECT * FROM nowhere'))
            expect('transactionNotFound', data.exceptions.TransactionNotFoundException, lambda: data.commit_transaction(**db, transactionId=tx))
            expect('httpEndpointNotEnabled', data.exceptions.HttpEndpointNotEnabledException,
                   lambda: data.execute_statement(resourceArn=closed, secretArn=secret, sql='SELECT 1'))
            expect('notFound', data.exceptions.NotFoundException,
                   lambda: data.execute_statement(resourceArn=arn.replace(':cluster:app', ':cluster:missing'), secretArn=secret, sql='SELECT 1'))
            expect('sandbox', data.exceptions.BadRequestException, lambda: data.execute_statement(**db, sql='PRAGMA journal_mode=DELETE'))

            print(json.dumps({
                'generated': inserted['generatedFields'],
                'committed': committed, 'rolledBack': rolled,
                'records': [[{k: (base64.b64encode(v).decode() if isinstance(v, bytes) else v) for k, v in f.items()} for f in r] for r in selected['records']],
                'columns': [(c['name'], c['typeName'], c['nullable'], c['isAutoIncrement']) for c in selected['columnMetadata']],
                'matched': matched,
            }))
            """);

        Assert.Equal("""[{"longValue": 1}]""", output.GetProperty("generated").GetRawText());
        Assert.Equal("Transaction Committed", output.GetProperty("committed").GetString());
        Assert.Equal("Rollback Complete", output.GetProperty("rolledBack").GetString());
        Assert.Equal(
            """[[{"longValue": 1}, {"stringValue": "O'Brien; DROP TABLE items"}, {"stringValue": "19.99"}, {"blobValue": "AAH+/w=="}, {"booleanValue": true}], """ +
            """[{"longValue": 2}, {"stringValue": "in tx"}, {"isNull": true}, {"isNull": true}, {"isNull": true}]]""",
            output.GetProperty("records").GetRawText());
        Assert.Equal(
            """[["id", "INTEGER", 0, true], ["name", "TEXT", 0, false], ["price", "DECIMAL(10,2)", 1, false], ["raw", "BLOB", 1, false], ["ok", "BOOLEAN", 1, false]]""",
            output.GetProperty("columns").GetRawText());
        var matched = output.GetProperty("matched");
        Assert.Equal("BadRequestException 400", matched.GetProperty("badRequest").GetString());
        Assert.Equal("DatabaseErrorException 400", matched.GetProperty("databaseError").GetString());
        Assert.Equal("TransactionNotFoundException 404", matched.GetProperty("transactionNotFound").GetString());
        Assert.Equal("HttpEndpointNotEnabledException 400", matched.GetProperty("httpEndpointNotEnabled").GetString());
        Assert.Equal("NotFoundException 404", matched.GetProperty("notFound").GetString());
        Assert.Equal("BadRequestException 400", matched.GetProperty("sandbox").GetString());
    }
}
