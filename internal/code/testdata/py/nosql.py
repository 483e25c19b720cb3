import json

from pymongo import MongoClient

users = MongoClient("mongodb://db")["app"]["users"]


def handler(event, context):
    body = json.loads(event["body"])
    user = users.find_one({"name": body["name"], "password": body["password"]})  # want nosql-injection

    # good: strings only
    users.find_one({"name": str(body["name"])})
    users.find_one({"_id": event["pathParameters"]["id"]})
    return user
