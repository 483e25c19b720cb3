import { SQSEvent, Context } from 'aws-lambda';

export const handler = async (event: SQSEvent, context: Context): Promise<void> => {
  console.log(`batch ${context.awsRequestId}: ${JSON.stringify(event)}`); // want CODE011
  for (const record of event.Records) {
    console.info('message', record.messageId);
  }
};
