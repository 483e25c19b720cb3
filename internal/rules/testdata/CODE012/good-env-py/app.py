import os
import subprocess


def handler(event, context):
    uptime = subprocess.check_output(["uptime"]).decode()
    return {"statusCode": 200, "body": {"stage": os.environ.get("STAGE", "dev"), "uptime": uptime}}
