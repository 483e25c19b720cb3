import os
import boto3 as b3
from boto3.session import Session

BUCKET = os.environ.get("BUCKET", "fallback")
session = Session()
ssm = session.client("ssm")
s3 = b3.client("s3")


def _table():
    return b3.resource("dynamodb").Table(os.getenv("TABLE"))


def handler(event, context):
    s3.get_object(Bucket=BUCKET, Key=event["key"])
    paginator = s3.get_paginator("list_objects_v2")
    ssm.get_parameters_by_path(Path="/app/config", WithDecryption=True)
    b3.resource("dynamodb").Table(os.getenv("TABLE")).put_item(Item={})
    obj = b3.resource("s3").Object(os.environ["BUCKET"], "k")
    obj.get()
    s3.upload_file("/tmp/f", BUCKET, "k", ExtraArgs={"ACL": "public-read"})
    getattr(s3, event["op"])()
    b3.client("sns").publish(TopicArn=os.environ["TOPIC"], Message="m")
    _save(None, b"x")


def _save(client, body):
    client.put_object(Bucket=BUCKET, Key="k", Body=body)
    client.do_something(Bucket=BUCKET)
