from clients import table
from . import helpers
from pynamodb.models import Model


def handler(event, context):
    table.put_item(Item=event)
    helpers.notify(event)
