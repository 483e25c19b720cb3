import os
import subprocess


def run_cmd(cmd):
    os.system(cmd)  # want CODE001


def convert(src, dst="out.png"):
    subprocess.run(f"convert {src} {dst}", shell=True)  # want CODE001


class Worker:
    def go(self, x):
        os.system("echo " + x)


def handler(event, context):
    body = event["body"]
    run_cmd(cmd="echo " + body)
    convert(src=body)
    name, *_ = body.split(",")
    os.popen("ls " + name)  # want CODE001
    cmd = "ls %(d)s" % {"d": event["queryStringParameters"]["d"]}
    subprocess.Popen(cmd, shell=True)  # want CODE001
    Worker().go(body)
