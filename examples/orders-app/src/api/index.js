const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient, GetCommand, PutCommand } = require("@aws-sdk/lib-dynamodb");
const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");
const { execSync } = require("child_process");

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sqs = new SQSClient({});

exports.handler = async (event) => {
  if (event.path === "/status") {
    // Deliberately unsafe: the query string reaches a shell.
    const host = event.queryStringParameters.host;
    return { statusCode: 200, body: execSync(`ping -c 1 ${host}`).toString() };
  }
  if (event.httpMethod === "POST") {
    const order = JSON.parse(event.body);
    await db.send(new PutCommand({ TableName: process.env.ORDERS_TABLE, Item: order }));
    await sqs.send(new SendMessageCommand({ QueueUrl: process.env.PAYMENT_QUEUE_URL, MessageBody: JSON.stringify(order) }));
    return { statusCode: 201, body: JSON.stringify({ id: order.id }) };
  }
  const res = await db.send(new GetCommand({ TableName: process.env.ORDERS_TABLE, Key: { id: event.pathParameters.id } }));
  return { statusCode: 200, body: JSON.stringify(res.Item) };
};
