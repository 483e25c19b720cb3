import json

import boto3
import pymysql

conn = pymysql.connect(host="orders.cluster.local", user="importer", database="shop")
dynamodb = boto3.client("dynamodb")


def upsert(cur, order):
    sql = "INSERT INTO orders (id, customer) VALUES (%s, %s)"
    cur.execute(sql, (order["id"], order["customer"]))


def handler(event, context):
    with conn.cursor() as cur:
        for record in event["Records"]:
            order = json.loads(record["body"])
            upsert(cur, order)
            cur.execute("UPDATE stock SET qty = qty - %s WHERE sku = %s", (int(order["qty"]), order["sku"]))
            cur.executemany("DELETE FROM carts WHERE customer = %s", [(order["customer"],)])
            dynamodb.execute_statement(Statement="SELECT * FROM Orders WHERE id = ?", Parameters=[{"S": order["id"]}])
    conn.commit()
