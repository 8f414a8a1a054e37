"""Writes a wrk Lua script that replays one SigV4-signed KMS Decrypt request, after creating its key and ciphertext.

Coffer does not reject replays: a signed request stays valid while its X-Amz-Date is within 15 minutes of the server's
clock, so one signature serves a whole short run and wrk spends no CPU on signing. botocore signs it, as the AWS CLI
would. Usage: sign_kms_decrypt.py URL ACCESS_KEY SECRET_KEY OUT.lua
"""
import base64
import json
import sys

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

url, access_key, secret_key, out = sys.argv[1:5]
kms = boto3.client("kms", endpoint_url=url, region_name="us-east-1",
                   aws_access_key_id=access_key, aws_secret_access_key=secret_key)
key_id = kms.create_key(Description="coffer-wrk")["KeyMetadata"]["KeyId"]
blob = kms.encrypt(KeyId=key_id, Plaintext=b"\x00" * 32)["CiphertextBlob"]

body = json.dumps({"CiphertextBlob": base64.b64encode(blob).decode()})
request = AWSRequest(method="POST", url=url + "/", data=body,
                     headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "TrentService.Decrypt"})
SigV4Auth(Credentials(access_key, secret_key), "kms", "us-east-1").add_auth(request)
with open(out, "w") as f:
    f.write('wrk.method = "POST"\n')
    f.write('wrk.body = \'%s\'\n' % body)
    for name, value in request.headers.items():
        if name.lower() != "host":
            f.write('wrk.headers["%s"] = "%s"\n' % (name, value))
