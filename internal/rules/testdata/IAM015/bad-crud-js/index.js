const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const { ORDERS_TABLE } = process.env;

exports.handler = async (event) => {
  const order = JSON.parse(event.body);
  await doc.send(new PutCommand({ TableName: ORDERS_TABLE, Item: order }));
  return { statusCode: 201 };
};
