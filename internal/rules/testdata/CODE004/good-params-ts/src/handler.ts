import { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { Client } from 'pg';

const client = new Client();

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const sku = event.pathParameters?.sku ?? '';
  const result = await client.query('SELECT * FROM products WHERE sku = $1', [sku]);
  return { statusCode: 200, body: JSON.stringify(result.rows) };
};
