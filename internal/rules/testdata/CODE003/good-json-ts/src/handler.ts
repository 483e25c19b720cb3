import { SQSEvent } from 'aws-lambda';

export const handler = async (event: SQSEvent): Promise<number> => {
  let count = 0;
  for (const { body } of event.Records) {
    const entry = JSON.parse(body) as { key?: string };
    count += entry.key ? 1 : 0;
  }
  return count;
};
