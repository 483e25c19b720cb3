import subprocess

from flask import Flask, request
from chalice import Chalice

app = Flask(__name__)
capp = Chalice(app_name="x")


@app.route("/ping")
def ping():
    host = request.args.get("host")
    return subprocess.check_output("ping -c 1 " + host, shell=True)  # want command-injection


@capp.route("/eval", methods=["POST"])
def evaluate():
    body = capp.current_request.json_body
    return eval(body["expr"])  # want code-eval


def _helper(x):
    return subprocess.check_output(x, shell=True)


def add(a, b):
    # not an entry point: its arguments are not event data
    return subprocess.check_output(a + b, shell=True)
