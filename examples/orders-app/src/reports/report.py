import csv
import io
import os

import boto3

s3 = boto3.client("s3")
dynamodb = boto3.client("dynamodb")


def handler(event, context):
    rows = dynamodb.scan(TableName=os.environ["ORDERS_TABLE"])["Items"]
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([row["id"]["S"], row.get("total", {}).get("N", "0")])
    s3.put_object(Bucket=os.environ.get("REPORTS_BUCKET", "reports"), Key="daily.csv", Body=out.getvalue())
