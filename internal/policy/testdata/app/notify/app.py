import json
import os

import boto3

sns = boto3.client("sns")
table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def handler(event, context):
    for record in event["Records"]:
        order = table.get_item(Key={"id": record["body"]})["Item"]
        sns.publish(TopicArn=os.environ["TOPIC"], Message=json.dumps(order))
        table.put_item(Item={**order, "notified": True})
