import ast
import json
import operator

OPS = {"gt": operator.gt, "lt": operator.lt, "eq": operator.eq}


def matches(rule, alert):
    op = OPS[rule["op"]]
    return op(alert[rule["field"]], ast.literal_eval(rule["value"]))


def handler(event, context):
    routed = []
    for record in event["Records"]:
        message = json.loads(record["Sns"]["Message"])
        if matches(message["rule"], message):
            routed.append(message["id"])
    eval("1 + 1")
    return {"routed": routed}
