import json
import pathlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

KEY = serialization.load_pem_private_key(pathlib.Path(__file__).with_name("signing.pem").read_bytes(), password=None)


def handler(event, context):
    signatures = []
    for record in event["Records"]:
        doc = json.loads(record["body"])
        signatures.append(KEY.sign(doc["digest"].encode(), padding.PKCS1v15(), hashes.SHA256()).hex())
    return {"signatures": signatures}
