import { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as jwt from 'jsonwebtoken';

const key = process.env.JWT_PUBLIC_KEY ?? '';

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const token = event.headers.authorization?.split(' ')[1] ?? '';
  const claims = jwt.verify(token, key, { algorithms: ['RS256'] }) as { roles?: string[] };
  return { statusCode: claims.roles?.includes('admin') ? 200 : 403 };
};
