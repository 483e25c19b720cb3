import json

import boto3
import pymysql

conn = pymysql.connect(host="orders.cluster.local", user="importer", database="shop")
dynamodb = boto3.client("dynamodb")


def upsert(cur, order):
    sql = "INSERT INTO orders (id, customer) VALUES ('{}', '{}')".format(order["id"], order["customer"])
    cur.execute(sql)  # want CODE004


def handler(event, context):
    with conn.cursor() as cur:
        for record in event["Records"]:
            order = json.loads(record["body"])
            upsert(cur, order)
            cur.execute("UPDATE stock SET qty = qty - %s WHERE sku = '%s'" % (order["qty"], order["sku"]))  # want CODE004
            cur.execute(f"DELETE FROM carts WHERE customer = '{order['customer']}'")  # want CODE004
            dynamodb.execute_statement(Statement=f"SELECT * FROM Orders WHERE id = '{order['id']}'")  # want CODE004
    conn.commit()
