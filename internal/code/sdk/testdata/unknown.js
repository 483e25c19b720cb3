import { PublishCommand } from '@aws-sdk/client-sns';
import { getClient, getSnsClient, getJobs } from './clients';

export async function handler(event) {
  const ddb = getClient();
  await ddb.putItem({ TableName: 'orders', Item: {} }).promise();
  await getSnsClient().send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: 'm' }));
  await getJobs().startJob({ JobName: 'x' }).promise();
  return helper(event, ddb);
}

const helper = async (event, db) => {
  const { BUCKET: bucket } = process.env;
  const s3 = new (require('aws-sdk').S3)();
  await db.get({ TableName: 'orders', Key: { id: event.id } }, () => {});
  return s3.headObject({ Bucket: bucket, Key: event.key }).promise();
};
