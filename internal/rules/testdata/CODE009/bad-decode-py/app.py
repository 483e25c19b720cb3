import jwt
from jose import jwt as jose_jwt


def bearer(event):
    return event["headers"].get("authorization", "").removeprefix("Bearer ")


def handler(event, context):
    token = bearer(event)
    claims = jwt.decode(token, options={"verify_signature": False})  # want CODE009
    legacy = jose_jwt.get_unverified_claims(event["headers"]["x-legacy-token"])  # want CODE009
    return {"statusCode": 200, "body": claims["tenant"] + legacy.get("sub", "")}
