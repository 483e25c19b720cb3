import os

import boto3

s3 = boto3.client("s3")


def handler(event, context):
    for record in event["Records"]:
        key = record["s3"]["object"]["key"]
        obj = s3.get_object(Bucket=record["s3"]["bucket"]["name"], Key=key)
        name = os.path.basename(key)
        with open(os.path.join("/tmp/unpacked", name), "wb") as f:
            f.write(obj["Body"].read())
        os.remove("/tmp/unpacked/.lock")
