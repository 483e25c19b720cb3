const AWS = require('aws-sdk');

const docClient = new AWS.DynamoDB.DocumentClient();

exports.handler = async (event) => {
  const order = JSON.parse(event.body);
  await docClient.put({ TableName: process.env.ORDERS_TABLE, Item: order }).promise(); // want IAM016
  return { statusCode: 201 };
};
