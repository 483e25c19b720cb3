import os
import subprocess


def handler(event, context):
    params = event.get("queryStringParameters") or {}
    if params.get("raw"):
        out = subprocess.check_output(["env"])  # want CODE012
        return {"statusCode": 200, "body": out.decode()}
    return {"statusCode": 200, "body": dict(os.environ)}  # want CODE012
