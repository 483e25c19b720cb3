import json
import logging
import os
import ssl

import jwt
import requests

logger = logging.getLogger()
ctx = ssl._create_unverified_context()  # want tls-verification-disabled


def handler(event, context):
    logger.info(json.dumps(event))  # want sensitive-logging
    print(f"event: {event}")  # want sensitive-logging
    print(os.environ)  # want sensitive-logging
    requests.get("https://api.example.com", verify=False)  # want tls-verification-disabled
    claims = jwt.decode(event["headers"]["Authorization"], options={"verify_signature": False})  # want jwt-unverified
    legacy = jwt.decode(event["headers"]["Authorization"], verify=False)  # want jwt-unverified

    # good
    logger.info("request %s", event["requestContext"]["requestId"])
    print(os.environ.get("STAGE"))
    requests.get("https://api.example.com", verify=True)
    verified = jwt.decode(event["headers"]["Authorization"], "key", algorithms=["RS256"])
    return claims, legacy, verified, ctx
