import chalice

app = chalice.Chalice(app_name="plain-app")


@app.route("/hello/{name}", methods=["GET"])
def hello(name):
    return {"hello": name}
