import { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

const rows = [{ region: 'eu', amount: 10 }, { region: 'us', amount: 20 }];

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const filter = event.queryStringParameters?.filter ?? 'true';
  const keep = eval(`(row) => ${filter}`) as (row: unknown) => boolean; // want CODE002
  return { statusCode: 200, body: JSON.stringify(rows.filter(keep)) };
};
