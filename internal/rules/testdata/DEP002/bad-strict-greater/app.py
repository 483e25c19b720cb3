import io

import boto3
from PIL import Image

s3 = boto3.client("s3")


def handler(event, context):
    tags = []
    for record in event["Records"]:
        obj = s3.get_object(Bucket=record["s3"]["bucket"]["name"], Key=record["s3"]["object"]["key"])
        with Image.open(io.BytesIO(obj["Body"].read())) as img:
            tags.append({"width": img.width, "height": img.height})
    return tags
