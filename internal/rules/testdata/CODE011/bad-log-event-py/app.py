import json
import logging
import os

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def handler(event, context):
    logger.info("event: %s", json.dumps(event))  # want CODE011
    print(f"processing {event}")  # want CODE011
    logging.debug(os.environ)  # want CODE011
    for record in event["Records"]:
        payment = json.loads(record["Sns"]["Message"])
        logger.info("payment %s settled", payment["id"])
    return {"ok": True}
