from os import environ
from chalice import Chalice

app = Chalice(app_name='sample')
BUCKET = environ['DOCS_BUCKET']


@app.on_s3_event(bucket=BUCKET)
def on_doc(event):
    pass
