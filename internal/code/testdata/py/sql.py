import json

import boto3
import pymysql

db = pymysql.connect(host="db", user="app", database="app")
ddb = boto3.client("dynamodb")
rds = boto3.client("rds-data")


def find(cur, name):
    query = "SELECT * FROM users WHERE name = '{}'".format(name)
    cur.execute(query)  # want sql-injection


def handler(event, context):
    body = json.loads(event["body"])
    with db.cursor() as cur:
        cur.execute("SELECT * FROM t WHERE id = %s" % body["id"])  # want sql-injection
        cur.execute(f"DELETE FROM t WHERE id = {body['id']}")  # want sql-injection
        find(cur, body["name"])
        # good: parameterised
        cur.execute("SELECT * FROM t WHERE id = %s", (body["id"],))
    ddb.execute_statement(Statement=f"SELECT * FROM Users WHERE id = '{body['id']}'")  # want sql-injection
    rds.execute_statement(resourceArn="a", secretArn="s", sql="SELECT * FROM t WHERE n = '" + body["n"] + "'")  # want sql-injection
    # good: parameterised
    ddb.execute_statement(Statement="SELECT * FROM Users WHERE id = ?", Parameters=[{"S": body["id"]}])
    return {}
