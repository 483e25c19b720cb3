import json

from pymongo import MongoClient

orders = MongoClient("mongodb://orders.cluster.local")["shop"]["orders"]


def handler(event, context):
    body = json.loads(event["body"])
    customer = body["customer"]
    found = list(orders.find({"customer": customer, "status": body.get("status", "open")}))  # want CODE005
    orders.update_many({"customer": customer}, {"$set": {"seen": True}})  # want CODE005
    return {"statusCode": 200, "body": json.dumps([str(o["_id"]) for o in found])}
