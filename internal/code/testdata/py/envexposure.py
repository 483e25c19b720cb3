import json
import os
import subprocess


def lambda_handler(event, context):
    output = subprocess.run("printenv", shell=True, stdout=subprocess.PIPE)  # want environment-exposure
    return {"statusCode": 200, "body": output.stdout}


def debug(event, context):
    return {"statusCode": 200, "body": json.dumps(dict(os.environ))}  # want environment-exposure


def fine(event, context):
    return {"statusCode": 200, "body": os.environ.get("STAGE")}
