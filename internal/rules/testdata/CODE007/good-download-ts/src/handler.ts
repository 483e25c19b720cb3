import { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { readFileSync } from 'fs';
import * as path from 'path';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const name = path.basename(event.pathParameters?.name ?? 'default.png');
  const data = readFileSync(`/opt/avatars/${name}`);
  return { statusCode: 200, body: data.toString('base64'), isBase64Encoded: true };
};
