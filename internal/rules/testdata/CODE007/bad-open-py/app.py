import os
import shutil

import boto3

s3 = boto3.client("s3")


def save(key, data):
    with open(os.path.join("/tmp/unpacked", key), "wb") as f:  # want CODE007
        f.write(data)


def handler(event, context):
    for record in event["Records"]:
        key = record["s3"]["object"]["key"]
        obj = s3.get_object(Bucket=record["s3"]["bucket"]["name"], Key=key)
        save(key, obj["Body"].read())
        shutil.rmtree(f"/tmp/work/{key}", ignore_errors=True)  # want CODE007
