"""Writes a wrk Lua script that replays one SigV4-signed GetCallerIdentity request.

SigV4 allows replaying a signed request while its date is within 15 minutes of the server's clock, so one signature
serves a whole short load run. botocore signs it, exactly as the AWS CLI would.
"""
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

url, access_key, secret_key, out = sys.argv[1:5]
body = "Action=GetCallerIdentity&Version=2011-06-15"
request = AWSRequest(method="POST", url=url + "/", data=body,
                     headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
SigV4Auth(Credentials(access_key, secret_key), "sts", "us-east-1").add_auth(request)
with open(out, "w") as f:
    f.write('wrk.method = "POST"\n')
    f.write('wrk.body = "%s"\n' % body)
    for name, value in request.headers.items():
        if name.lower() != "host":
            f.write('wrk.headers["%s"] = "%s"\n' % (name, value))
