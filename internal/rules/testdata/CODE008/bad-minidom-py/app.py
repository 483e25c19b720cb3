import base64
from xml.dom import minidom

from lxml import etree

parser = etree.XMLParser(resolve_entities=True, no_network=False)  # want CODE008


def read_body(event):
    body = event["body"]
    return base64.b64decode(body) if event.get("isBase64Encoded") else body


def handler(event, context):
    data = read_body(event)
    doc = minidom.parseString(data)  # want CODE008
    tree = etree.fromstring(data, parser)
    titles = [t.text for t in tree.iter("title")]
    titles.append(doc.documentElement.tagName)
    return {"statusCode": 200, "body": ",".join(titles)}
