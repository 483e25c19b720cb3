import os
import shlex
import subprocess
import urllib.parse


def thumbnail(key):
    subprocess.run(["convert", f"/tmp/{key}", "-resize", "128x128", "/tmp/thumb.png"], check=True)


def handler(event, context):
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        key = os.path.basename(urllib.parse.unquote_plus(record["s3"]["object"]["key"]))
        subprocess.run(["aws", "s3", "cp", f"s3://{bucket}/{key}", "/tmp/"], check=True)
        subprocess.run("identify " + shlex.quote("/tmp/" + key), shell=True, check=True)
        thumbnail(key)
    os.system("rm -f /tmp/*.png")
    return {"processed": len(event["Records"])}
