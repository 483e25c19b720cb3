import { SQSEvent } from 'aws-lambda';
import * as libxmljs from 'libxmljs2';

export const handler = async (event: SQSEvent): Promise<string[]> => {
  const ids: string[] = [];
  for (const record of event.Records) {
    const doc = libxmljs.parseXmlString(record.body, { noent: true }); // want CODE008
    ids.push(doc.root()?.attr('id')?.value() ?? '');
  }
  return ids;
};
