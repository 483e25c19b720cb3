import json


def handler(event, context):
    body = json.loads(event['body'])
    result = eval(body['expression'])  # want code-eval
    exec("x = " + body['code'])  # want code-eval

    # good
    value = int(body['n'])
    eval("1 + 1")
    return result, value
