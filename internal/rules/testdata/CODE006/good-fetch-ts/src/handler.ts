import { SQSEvent } from 'aws-lambda';

interface PreviewJob {
  slug: string;
}

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    const job: PreviewJob = JSON.parse(record.body);
    const page = await fetch(`https://www.example.com/articles/${encodeURIComponent(job.slug)}`);
    console.info('preview', page.status);
  }
};
