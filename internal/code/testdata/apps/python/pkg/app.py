import os


def lambda_handler(event, context):
    os.system("echo " + event["msg"])


def other(event, context):
    os.system(event["cmd"])
