import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])


def read(event, context):
    return table.get_item(Key={"id": event["id"]}).get("Item")


def write(event, context):
    table.put_item(Item=event)
