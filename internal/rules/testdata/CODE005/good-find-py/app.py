import json

from pymongo import MongoClient

orders = MongoClient("mongodb://orders.cluster.local")["shop"]["orders"]


def handler(event, context):
    body = json.loads(event["body"])
    customer = str(body["customer"])
    found = list(orders.find({"customer": customer, "status": str(body.get("status", "open"))}))
    orders.update_many({"customer": event["pathParameters"]["customer"]}, {"$set": {"seen": True}})
    return {"statusCode": 200, "body": json.dumps([str(o["_id"]) for o in found])}
