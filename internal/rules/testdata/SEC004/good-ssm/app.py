import json
import os

import boto3

ssm = boto3.client("ssm")
DB_PASSWORD = os.environ.get("DB_PASSWORD", "")
API_KEY_PARAM = os.environ["API_KEY_PARAM"]


def api_key():
    return ssm.get_parameter(Name=API_KEY_PARAM, WithDecryption=True)["Parameter"]["Value"]


def handler(event, context):
    with open(os.path.join(os.path.dirname(__file__), "settings.json")) as f:
        settings = json.load(f)
    return {"bucket": settings["bucket"], "authorised": bool(api_key())}
