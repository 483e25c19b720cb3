import { SQSEvent } from 'aws-lambda';
import { Agent, request } from 'https';

const agent = new Agent({ rejectUnauthorized: false }); // want CODE010

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    const req = request('https://partner.example.com/sync', { method: 'POST', agent });
    req.end(record.body);
  }
};
