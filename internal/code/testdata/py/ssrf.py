import urllib.request

import requests


def handler(event, context):
    url = event["queryStringParameters"]["url"]
    requests.get(url)  # want ssrf
    urllib.request.urlopen(url)  # want ssrf
    requests.request("POST", url, json={})  # want ssrf

    # good: fixed host
    requests.get("https://api.example.com/items/" + url)
    requests.get(f"https://api.example.com/search?q={url}")
    return {}
