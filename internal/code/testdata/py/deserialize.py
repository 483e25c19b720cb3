import base64
import marshal
import pickle

import jsonpickle
import yaml


def handler(event, context):
    raw = base64.b64decode(event['body'])
    obj = pickle.loads(raw)  # want unsafe-deserialization
    cfg = yaml.load(event['body'])  # want unsafe-deserialization
    cfg2 = yaml.load(event['body'], Loader=yaml.Loader)  # want unsafe-deserialization
    data = jsonpickle.decode(event['body'])  # want unsafe-deserialization
    code = marshal.loads(raw)  # want unsafe-deserialization

    # good: safe loaders
    safe = yaml.safe_load(event['body'])
    safe2 = yaml.load(event['body'], Loader=yaml.SafeLoader)
    return obj, cfg, cfg2, data, code, safe, safe2
