const AWS = require('aws-sdk');

const db = new AWS.DynamoDB.DocumentClient();
const operations = { GET: 'get', PUT: 'put', DELETE: 'delete' };

exports.handler = async (event) => {
  const params = { TableName: process.env.ORDERS_TABLE, Key: { id: event.pathParameters.id } };
  return db[operations[event.httpMethod]](params).promise();
};
