import os
import subprocess
import urllib.parse


def thumbnail(key):
    subprocess.run(f"convert /tmp/{key} -resize 128x128 /tmp/thumb.png", shell=True, check=True)  # want CODE001


def handler(event, context):
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
        os.system("aws s3 cp s3://%s/%s /tmp/" % (bucket, key))  # want CODE001
        thumbnail(key)
    return {"processed": len(event["Records"])}
