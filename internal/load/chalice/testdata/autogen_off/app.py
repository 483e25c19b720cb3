from chalice import Chalice

app = Chalice(app_name='custom-policy')


@app.route('/', methods=['POST'])
def index():
    return {}
