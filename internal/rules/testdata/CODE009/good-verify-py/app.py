import os

import jwt

PUBLIC_KEY = os.environ["JWT_PUBLIC_KEY"]


def handler(event, context):
    token = event["headers"].get("authorization", "").removeprefix("Bearer ")
    try:
        claims = jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"], audience="orders-api")
    except jwt.InvalidTokenError:
        return {"statusCode": 401}
    return {"statusCode": 200, "body": claims["tenant"]}
