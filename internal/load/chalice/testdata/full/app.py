import os
from chalice import (Chalice, IAMAuthorizer, CognitoUserPoolAuthorizer,
                     CustomAuthorizer, Rate, Cron, AuthResponse)

app = Chalice(app_name='shop')

UPLOADS = os.environ.get('UPLOADS_BUCKET', 'shop-uploads')
TOPIC = 'orders'
QUEUE = os.environ['JOBS_QUEUE']
STREAM_ARN = os.getenv('CHANGES_ARN')
iam = IAMAuthorizer()
pool = CognitoUserPoolAuthorizer(
    'ShopPool', provider_arns=['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'])
custom = CustomAuthorizer('TokenAuth', header='Authorization',
                          authorizer_uri='arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/x/invocations')


@app.authorizer()
def token_check(auth_request):
    return AuthResponse(routes=['/'], principal_id='user')


@app.route('/')
def index():
    return {'hello': 'world'}


@app.route('/orders', methods=['GET', 'post'], authorizer=iam)
def orders():
    return []


@app.route('/me', authorizer=pool, api_key_required=True, cors=True)
def me():
    return {}


@app.route('/admin/{id}', methods=['DELETE'], authorizer=custom)
def admin(id):
    return {}


@app.route('/token', methods=['PUT'], authorizer=token_check)
def token():
    return {}


@app.lambda_function(name='worker')
def worker_fn(event, context):
    return {}


@app.on_s3_event(bucket=UPLOADS, events=['s3:ObjectCreated:*'])
def on_upload(event):
    pass


@app.on_sns_message(topic=TOPIC)
def on_order(event):
    pass


@app.on_sqs_message(queue=QUEUE, batch_size=5)
def on_job(event):
    pass


@app.schedule(Rate(5, unit=Rate.MINUTES))
def every_five(event):
    pass


@app.schedule(Cron(0, 3, '*', '*', '?', '*'), name='nightly')
def nightly_job(event):
    pass


@app.schedule('rate(1 hour)')
def hourly(event):
    pass


@app.on_cw_event({"source": ["aws.ec2"]})
def on_ec2(event):
    pass


@app.on_kinesis_record(stream='clicks')
def on_click(event):
    pass


@app.on_dynamodb_record(stream_arn=STREAM_ARN)
def on_change(event):
    pass


@app.on_ws_connect()
def connect(event):
    pass


@app.on_ws_message()
def message(event):
    pass


@app.on_ws_disconnect()
def disconnect(event):
    pass
