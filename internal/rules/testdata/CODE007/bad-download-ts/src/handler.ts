import { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { readFileSync } from 'fs';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const name = event.pathParameters?.name ?? 'default.png';
  const data = readFileSync(`/opt/avatars/${name}`); // want CODE007
  return { statusCode: 200, body: data.toString('base64'), isBase64Encoded: true };
};
