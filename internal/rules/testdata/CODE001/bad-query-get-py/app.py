import os


def handler(event, context):
    params = event.get("queryStringParameters") or {}
    host = params.get("host", "localhost")
    os.system("ping -c 1 " + host)  # want CODE001
    return {"statusCode": 200}
