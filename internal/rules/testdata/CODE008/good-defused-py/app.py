import boto3
import defusedxml.ElementTree as ET
from lxml import etree

s3 = boto3.client("s3")
parser = etree.XMLParser(resolve_entities=False, no_network=True)


def handler(event, context):
    titles = []
    for record in event["Records"]:
        obj = s3.get_object(Bucket=record["s3"]["bucket"]["name"], Key=record["s3"]["object"]["key"])
        data = obj["Body"].read()
        titles.extend(t.text for t in ET.fromstring(data).iter("title"))
        titles.extend(t.text for t in etree.fromstring(data, parser).iter("link"))
    return {"titles": titles}
