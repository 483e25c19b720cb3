from chalice import Chalice
from chalicelib.api import routes as api_routes
from chalicelib import jobs

app = Chalice(app_name='bp-app')
app.register_blueprint(api_routes, url_prefix='/v1')
app.register_blueprint(jobs.bp, name_prefix='jobs_')
