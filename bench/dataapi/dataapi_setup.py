"""Sets up the Data API benchmark's clusters, and signs pools of ExecuteStatement requests for wrk to replay.

  dataapi_setup.py setup URL DATA_DIR ROWS OUT.json
      Creates two sqlite clusters through the RDS API with the profile files the server wrote into DATA_DIR/aws/:
      `bench-enc` (StorageEncrypted) and `bench-plain`, both with EnableHttpEndpoint and a writer instance, one
      Secrets Manager secret with their master credentials, and table `bench` (id INTEGER PRIMARY KEY, a INTEGER,
      b TEXT) filled with ROWS rows through BatchExecuteStatement. Writes the ARNs to OUT.json.
  dataapi_setup.py sign URL DATA_DIR SETUP.json CLUSTER WORKLOAD ROWS POOL OUT.lua
      Signs POOL ExecuteStatement requests for CLUSTER (enc or plain) with botocore, as the AWS CLI signs them:
      WORKLOAD `read` is `SELECT id, a, b FROM bench WHERE id = :id` with ids spread over 1..ROWS, `write` is
      `INSERT INTO bench (a, b) VALUES (:a, :b)` with varying values. SigV4 signs the body, so each body needs its own
      signature; wrk's Lua cycles through the pre-built requests (a signature stays valid while its X-Amz-Date is
      within 15 minutes of the server's clock, and Coffer does not reject replays), so the load generator spends no
      CPU on signing on the two cores it shares with the server.
"""
import json
import os
import sys
import time

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

READ_SQL = "SELECT id, a, b FROM bench WHERE id = :id"
WRITE_SQL = "INSERT INTO bench (a, b) VALUES (:a, :b)"
PASSWORD = "Bench-Passw0rd!"


def session(data_dir):
    os.environ["AWS_CONFIG_FILE"] = os.path.join(data_dir, "aws", "config")
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(data_dir, "aws", "credentials")
    return boto3.Session()


def payload(i):
    """The b column of row i: 100 bytes of text."""
    return (("row-%08d-" % i) * 8)[:100]


def wait(describe, status_field):
    for _ in range(1200):
        found = describe()
        if found[status_field] == "available":
            return found
        time.sleep(0.1)
    sys.exit("not available: %s" % found)


def setup(url, data_dir, rows, out):
    s = session(data_dir)
    rds = s.client("rds", endpoint_url=url)
    secrets = s.client("secretsmanager", endpoint_url=url)
    data = s.client("rds-data", endpoint_url=url)
    secret_arn = secrets.create_secret(
        Name="bench/master", SecretString=json.dumps({"username": "admin", "password": PASSWORD}))["ARN"]
    arns = {}
    for name, encrypted in (("enc", True), ("plain", False)):
        arns[name] = rds.create_db_cluster(
            DBClusterIdentifier="bench-" + name, Engine="sqlite", MasterUsername="admin", MasterUserPassword=PASSWORD,
            StorageEncrypted=encrypted, EnableHttpEndpoint=True)["DBCluster"]["DBClusterArn"]
    for name in arns:
        cluster = wait(lambda: rds.describe_db_clusters(DBClusterIdentifier="bench-" + name)["DBClusters"][0], "Status")
        assert cluster["StorageEncrypted"] == (name == "enc") and cluster["HttpEndpointEnabled"], cluster
        rds.create_db_instance(DBInstanceIdentifier="bench-%s-1" % name, DBClusterIdentifier="bench-" + name,
                               Engine="sqlite", DBInstanceClass="db.r5.large")
    for name in arns:
        wait(lambda: rds.describe_db_instances(DBInstanceIdentifier="bench-%s-1" % name)["DBInstances"][0], "DBInstanceStatus")
    for name, arn in arns.items():
        data.execute_statement(resourceArn=arn, secretArn=secret_arn,
                               sql="CREATE TABLE bench (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b TEXT NOT NULL)")
        for start in range(1, rows + 1, 1000):
            data.batch_execute_statement(
                resourceArn=arn, secretArn=secret_arn, sql=WRITE_SQL,
                parameterSets=[[{"name": "a", "value": {"longValue": i}}, {"name": "b", "value": {"stringValue": payload(i)}}]
                               for i in range(start, min(start + 1000, rows + 1))])
        count = data.execute_statement(resourceArn=arn, secretArn=secret_arn, sql="SELECT count(*) FROM bench")
        assert count["records"][0][0]["longValue"] == rows, count
    with open(out, "w") as f:
        json.dump({"secretArn": secret_arn, "clusters": arns}, f)


def lua_string(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def sign(url, data_dir, setup_file, cluster, workload, rows, pool, out):
    with open(setup_file) as f:
        arns = json.load(f)
    s = session(data_dir)
    credentials, region = s.get_credentials().get_frozen_credentials(), s.region_name
    stride = 7919  # a prime: the pool's ids walk the whole table in a scattered order
    lines = ["local pool = {}"]
    for n in range(pool):
        if workload == "read":
            sql, parameters = READ_SQL, [{"name": "id", "value": {"longValue": (n * stride) % rows + 1}}]
        else:
            sql, parameters = WRITE_SQL, [{"name": "a", "value": {"longValue": rows + n}},
                                          {"name": "b", "value": {"stringValue": payload(rows + n)}}]
        body = json.dumps({"resourceArn": arns["clusters"][cluster], "secretArn": arns["secretArn"], "sql": sql,
                           "parameters": parameters}, separators=(",", ":"))
        request = AWSRequest(method="POST", url=url + "/Execute", data=body, headers={"Content-Type": "application/json"})
        SigV4Auth(credentials, "rds-data", region).add_auth(request)
        headers = ", ".join("[%s] = %s" % (lua_string(k), lua_string(v)) for k, v in request.headers.items() if k.lower() != "host")
        lines.append("pool[%d] = {{%s}, %s}" % (n + 1, headers, lua_string(body)))
    lines.append("""
local requests = {}
local next_request = 0
function init(args)
  for i, entry in ipairs(pool) do
    requests[i] = wrk.format("POST", "/Execute", entry[1], entry[2])
  end
  pool = nil
end
function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end
""")
    with open(out, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        setup(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif command == "sign":
        sign(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], int(sys.argv[7]), int(sys.argv[8]), sys.argv[9])
    else:
        sys.exit(__doc__)
