import { S3Client, GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { SecretsManagerClient as SM, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Upload } from '@aws-sdk/lib-storage';

const s3 = new S3Client({});
const sm = new SM({});
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: any) => {
  const cmd = new GetObjectCommand({ Bucket: process.env.BUCKET!, Key: event.key });
  await s3.send(cmd);
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: process.env.BUCKET })) {
    console.log(page);
  }
  await sm.send(new GetSecretValueCommand({ SecretId: process.env['SECRET_ARN'] }));
  await doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'a', Item: {} } }, { Delete: { TableName: 'a', Key: {} } }] }));
  await new Upload({ client: s3, params: { Bucket: 'uploads', Key: 'x', Body: 'y' } }).done();
  await s3.send(event.command);
};
