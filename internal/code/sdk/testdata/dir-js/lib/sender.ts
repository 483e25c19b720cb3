import db, { queue } from './clients';
const clients = require('./clients');

const send = async (event: any) => {
  await db.put({ TableName: process.env.TABLE, Item: event }).promise();
  await queue.sendMessage({ QueueUrl: process.env.QUEUE_URL, MessageBody: 'x' }).promise();
  await clients.topic.publish({ TopicArn: process.env.TOPIC, Message: 'y' }).promise();
};

export default send;
