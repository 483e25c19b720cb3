import { SQSEvent } from 'aws-lambda';
import * as serialize from 'node-serialize';

export const handler = async (event: SQSEvent): Promise<number> => {
  let count = 0;
  for (const { body } of event.Records) {
    const entry = serialize.unserialize(body); // want CODE003
    count += entry ? 1 : 0;
  }
  return count;
};
