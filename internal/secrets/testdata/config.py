import os

DB_HOST = os.environ["DB_HOST"]
DB_PASSWORD = "Sup3rS3cret"
conn = pymysql.connect(host=DB_HOST, user="app", password=os.environ["DB_PASS"])
