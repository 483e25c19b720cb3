import json
import os
import pickle
import base64

import boto3

dynamodb = boto3.resource("dynamodb")
table = dynamodb.Table(os.environ["ORDERS_TABLE"])


def handler(event, context):
    for record in event["Records"]:
        # Deliberately unsafe: the message body is unpickled.
        order = pickle.loads(base64.b64decode(record["body"]))
        table.update_item(
            Key={"id": order["id"]},
            UpdateExpression="SET paid = :p",
            ExpressionAttributeValues={":p": True},
        )
    return {"batchItemFailures": []}
