import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])


def handler(event, context):
    table.put_item(Item=json.loads(event["body"]))
    return {"statusCode": 201}
