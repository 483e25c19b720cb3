const AWS = require('aws-sdk');
const { BUCKET, QUEUE_URL: queue } = process.env;
const TABLE = 'orders';

let s3;
function init() {
  s3 = new AWS.S3();
}

const sqs = new AWS.SQS();
const lambda = new AWS.Lambda();

exports.handler = async (event) => {
  init();
  await s3.upload({ Bucket: BUCKET, Key: 'k', Body: 'b', ACL: 'private' }).promise();
  await s3.listObjectsV2({ Bucket: BUCKET }).promise();
  await sqs.sendMessageBatch({ QueueUrl: queue, Entries: [] }).promise();
  lambda.invoke({ FunctionName: process.env.WORKER }, (err) => {});
  const url = s3.getSignedUrl('getObject', { Bucket: 'static-assets', Key: 'a' });
  await new AWS.DynamoDB.DocumentClient().batchWrite({ RequestItems: { [TABLE]: [] } }).promise();
  const op = event.op;
  await s3[op]({ Bucket: BUCKET }).promise();
  return url;
};

function unused() {
  return sqs.purgeQueue({ QueueUrl: queue }).promise();
}
