from xml.dom import minidom

import boto3
from lxml import etree

s3 = boto3.client("s3")
parser = etree.XMLParser(resolve_entities=True, no_network=False)  # want CODE008


def handler(event, context):
    titles = []
    for record in event["Records"]:
        obj = s3.get_object(Bucket=record["s3"]["bucket"]["name"], Key=record["s3"]["object"]["key"])
        data = obj["Body"].read()
        doc = minidom.parseString(data)  # want CODE008
        tree = etree.fromstring(data, parser)
        titles.extend(t.text for t in tree.iter("title"))
        titles.append(doc.documentElement.tagName)
    return {"titles": titles}
