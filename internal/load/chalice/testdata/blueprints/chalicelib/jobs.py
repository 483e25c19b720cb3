from chalice import Blueprint

bp = Blueprint(__name__)


@bp.on_sqs_message(queue='work')
def consume(event):
    pass
