import { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

type Row = { region: string; amount: number };

const rows: Row[] = [{ region: 'eu', amount: 10 }, { region: 'us', amount: 20 }];

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const region = event.queryStringParameters?.region;
  const keep = (row: Row) => region === undefined || row.region === region;
  return { statusCode: 200, body: JSON.stringify(rows.filter(keep)) };
};
