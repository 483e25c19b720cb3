import json
import pickle

import yaml

with open("model.pkl", "rb") as f:
    MODEL = pickle.load(f)


def handler(event, context):
    results = []
    for record in event["Records"]:
        body = json.loads(record["body"])
        spec = yaml.safe_load(body["spec"])
        legacy = yaml.load(body["legacy"], Loader=yaml.SafeLoader)
        results.append({"spec": spec, "legacy": legacy, "score": MODEL.predict([body["features"]])})
    return {"batchItemFailures": [], "count": len(results)}
