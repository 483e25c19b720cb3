import pymysql

conn = pymysql.connect(host="db", user="app", database="shop")
SORTS = {"name": "name", "created": "created_at"}


def handler(event, context):
    column = SORTS.get(event["queryStringParameters"]["sort"], "name")
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, name FROM customers ORDER BY {column}")
        return cur.fetchall()
