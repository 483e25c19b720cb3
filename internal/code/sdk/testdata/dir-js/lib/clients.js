const AWS = require('aws-sdk');

const db = new AWS.DynamoDB.DocumentClient({ region: 'localhost' });
const queue = new AWS.SQS();

module.exports = db;
module.exports.queue = queue;
module.exports.topic = new AWS.SNS();
