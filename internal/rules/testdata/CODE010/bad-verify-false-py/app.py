import json
import ssl
import urllib.request

import requests

legacy_ctx = ssl._create_unverified_context()  # want CODE010
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE  # want CODE010


def handler(event, context):
    for record in event["Records"]:
        payload = json.loads(record["body"])
        requests.post("https://partner.example.com/sync", json=payload, verify=False, timeout=10)  # want CODE010
        urllib.request.urlopen("https://legacy.example.com/ping", context=legacy_ctx)
    return {"batchItemFailures": []}
