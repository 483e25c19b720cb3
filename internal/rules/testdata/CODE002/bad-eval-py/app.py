import json


def matches(rule, alert):
    return eval(rule, {"__builtins__": {}}, {"alert": alert})  # want CODE002


def handler(event, context):
    routed = []
    for record in event["Records"]:
        message = json.loads(record["Sns"]["Message"])
        if matches(message["rule"], message):
            routed.append(message["id"])
        hook = message.get("hook", "")
        exec(compile(f"def on_alert(a):\n    {hook}", "<hook>", "exec"))  # want CODE002
    return {"routed": routed}
