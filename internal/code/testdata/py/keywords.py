import os
import subprocess

import boto3
from xml.dom import minidom

s3 = boto3.client("s3")
SORTS = {"name": "name", "created": "created_at"}


def run_cmd(cmd, note=""):
    os.system(cmd)  # want command-injection


def handler(event, context):
    body = event["body"]
    run_cmd(cmd="echo " + body)
    run_cmd("true", note=body)
    obj = s3.get_object(Bucket="feeds", Key=event["Records"][0]["s3"]["object"]["key"])
    minidom.parseString(obj["Body"].read())  # want xxe
    column = SORTS.get(event["sort"], "name")
    cur.execute(f"SELECT id FROM t ORDER BY {column}")
    parts = []
    parts.append(body)
    subprocess.run(" ".join(parts), shell=True)  # want command-injection
