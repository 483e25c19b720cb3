import { SQSEvent } from 'aws-lambda';
import { execFileSync } from 'child_process';

interface Job {
  repo: string;
  branch: string;
}

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    const job = JSON.parse(record.body) as Job;
    execFileSync('git', ['clone', '--depth', '1', '--branch', job.branch, '--', job.repo, '/tmp/work']);
  }
};
