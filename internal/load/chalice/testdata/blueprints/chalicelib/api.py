from chalice import Blueprint, IAMAuthorizer

routes = Blueprint(__name__)


@routes.route('/items', methods=['GET'], authorizer=IAMAuthorizer())
def items():
    return []
