from xml.dom import minidom
from xml.dom.pulldom import parseString
import xml.sax

from lxml import etree
import defusedxml.ElementTree as ET


def handler(event, context):
    doc = parseString(event["body"])  # want xxe
    dom = minidom.parseString(event["body"])  # want xxe
    xml.sax.parseString(event["body"], None)  # want xxe
    parser = etree.XMLParser(resolve_entities=True)  # want xxe

    # good
    safe = ET.fromstring(event["body"])
    safe_parser = etree.XMLParser(resolve_entities=False)
    return doc, dom, parser, safe, safe_parser
