import os
import subprocess as sp
from subprocess import check_output
import shlex


def lambda_handler(event, context):
    url = event['queryStringParameters']['document_url']
    os.system("curl -L %s" % url)  # want command-injection
    sp.Popen("curl --silent -L %s | catdoc -" % url,  # want command-injection
             stdout=sp.PIPE, shell=True)
    check_output(f"ping -c 1 {event['host']}", shell=True)  # want command-injection
    stream = os.popen("nslookup " + url)  # want command-injection

    # good: no shell, or quoted
    sp.run(["curl", "-L", url])
    sp.run("curl -L " + shlex.quote(url), shell=True)
    os.system("ls /tmp")
    return stream
