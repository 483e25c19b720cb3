import json
import logging
import os

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def handler(event, context):
    logger.info("batch of %d records, request %s", len(event["Records"]), context.aws_request_id)
    logging.debug("stage %s", os.environ.get("STAGE"))
    for record in event["Records"]:
        payment = json.loads(record["Sns"]["Message"])
        print(f"payment {payment['id']} settled")
    return {"ok": True}
