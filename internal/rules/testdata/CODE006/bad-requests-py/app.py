import json
import urllib.request

import requests


def deliver(url, payload):
    return requests.post(url, json=payload, timeout=5)  # want CODE006


def handler(event, context):
    for record in event["Records"]:
        message = json.loads(record["Sns"]["Message"])
        deliver(message["callback"], {"status": message["status"]})
        with urllib.request.urlopen(f"{message['mirror']}/status") as resp:  # want CODE006
            resp.read()
    return {"delivered": len(event["Records"])}
