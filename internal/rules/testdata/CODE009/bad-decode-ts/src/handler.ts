import { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as jwt from 'jsonwebtoken';

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const token = event.headers.authorization?.split(' ')[1] ?? '';
  const claims = jwt.decode(token) as { roles?: string[] } | null; // want CODE009
  return { statusCode: claims?.roles?.includes('admin') ? 200 : 403 };
};
