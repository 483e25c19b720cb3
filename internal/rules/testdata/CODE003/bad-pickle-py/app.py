import base64
import json
import pickle

import jsonpickle
import yaml


def decode_job(body):
    return pickle.loads(base64.b64decode(body["payload"]))  # want CODE003


def handler(event, context):
    results = []
    for record in event["Records"]:
        body = json.loads(record["body"])
        job = decode_job(body)
        spec = yaml.load(body["spec"], Loader=yaml.Loader)  # want CODE003
        state = jsonpickle.decode(record["messageAttributes"]["state"]["stringValue"])  # want CODE003
        results.append({"job": job, "spec": spec, "state": state})
    return {"batchItemFailures": [], "count": len(results)}
