import { SQSEvent } from 'aws-lambda';

interface PreviewJob {
  link: string;
}

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    const job: PreviewJob = JSON.parse(record.body);
    const page = await fetch(job.link); // want CODE006
    console.info('preview', page.status);
  }
};
