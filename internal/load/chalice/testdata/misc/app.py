from chalice import Chalice, Blueprint, AuthResponse

NAME = 'misc-' + 'app'
app = Chalice(app_name=NAME)
extra = Blueprint(__name__)
app.register_blueprint(extra)


@app.authorizer(300, name='TokenGate')
def gate(auth_request):
    return AuthResponse(routes=['*'], principal_id='u')


@app.route('/private', authorizer=gate)
def private():
    return {}


@extra.route('/extra', methods=('PATCH',))
def from_blueprint():
    return {}


@extra.lambda_function()
def helper(event, context):
    return {}
