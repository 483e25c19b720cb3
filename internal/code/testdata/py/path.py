import os
import shutil


def handler(event, context):
    name = event["pathParameters"]["file"]
    with open(os.path.join("/tmp", name)) as f:  # want path-traversal
        data = f.read()
    os.remove("/tmp/" + name)  # want path-traversal

    # good
    open(os.path.join("/tmp", os.path.basename(name)))
    shutil.rmtree("/tmp/work")
    return data
