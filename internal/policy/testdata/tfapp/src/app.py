import os, boto3
t = boto3.resource("dynamodb").Table(os.environ["TABLE"])
def handler(event, context):
    t.put_item(Item=event)
